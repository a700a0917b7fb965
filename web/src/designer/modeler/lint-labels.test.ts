import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import recommended from 'bpmnlint/config/recommended';
import { PROCESS_LINT_CONFIG } from '@tongban/contracts';
import { ruleLabelZh } from './lint-labels';

describe('ruleLabelZh', () => {
  it('given every rule the shared configuration runs, when labelled, then each has a Chinese description', () => {
    const rules = [
      ...Object.keys(recommended.rules),
      ...Object.keys(PROCESS_LINT_CONFIG.rules),
      'camunda-compat/history-time-to-live',
    ];
    for (const rule of rules) assert.ok(ruleLabelZh(rule), rule);
  });
  it('given a prefixed or unknown rule, when labelled, then the prefix is ignored and unknown gives nothing', () => {
    assert.equal(ruleLabelZh('bpmnlint/label-required'), '元素须有名称');
    assert.equal(ruleLabelZh('server'), undefined);
  });
});
