import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { modelerTranslate } from './modeler-i18n';

describe('modelerTranslate', () => {
  it('given Chinese, when a known label is asked, then the Chinese text comes back', () => {
    const t = modelerTranslate('zh');
    assert.equal(t('Create task'), '创建任务');
    assert.equal(t('User task'), '用户任务');
    assert.equal(t('Candidate groups'), '候选组');
  });
  it('given an unknown label or English, when asked, then the English text comes back with its placeholders filled', () => {
    assert.equal(modelerTranslate('zh')('Remove {element}', { element: 'x' }), 'Remove x');
    assert.equal(modelerTranslate('en')('Create task'), 'Create task');
    assert.equal(modelerTranslate('en')('{a} and {b}', { a: '1' }), '1 and {b}');
  });
});
