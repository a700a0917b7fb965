import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TASK_ACTIONS } from '@tongban/contracts';
import { COMMON_PHRASES, insertPhrase, loadOwnPhrases, phrasesFor, removeOwnPhrase, saveOwnPhrase } from './phrases';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

test('every action with phrases has them in both languages, the same number each', () => {
  for (const [action, byLocale] of Object.entries(COMMON_PHRASES)) {
    assert.ok((TASK_ACTIONS as readonly string[]).includes(action), action);
    assert.ok(byLocale['zh-CN'].length > 0, action);
    assert.equal(byLocale['zh-CN'].length, byLocale.en.length, action);
  }
  assert.ok(phrasesFor('accept', 'zh-CN').includes('材料齐全，符合法定形式，予以受理。'));
});

test('a phrase fills an empty box, is appended after a sentence mark or a 「；」, and is never repeated', () => {
  assert.equal(insertPhrase('', '同意。'), '同意。');
  assert.equal(insertPhrase(undefined, '同意。'), '同意。');
  assert.equal(insertPhrase('经审查，', '同意。'), '经审查，同意。');
  assert.equal(insertPhrase('符合条件', '同意。'), '符合条件；同意。');
  assert.equal(insertPhrase('符合条件；同意。  ', '同意。'), '符合条件；同意。');
  assert.equal(insertPhrase('a'.repeat(9), 'bcd', 10), 'a'.repeat(9) + '；');
});

test('own phrases are saved once, newest first, at most 20, and survive broken storage', () => {
  const storage = memoryStorage();
  saveOwnPhrase(storage, ' 请补充现场照片 ');
  saveOwnPhrase(storage, '同意');
  assert.deepEqual(saveOwnPhrase(storage, '请补充现场照片'), ['请补充现场照片', '同意']);
  assert.deepEqual(removeOwnPhrase(storage, '同意'), ['请补充现场照片']);
  for (let i = 0; i < 25; i += 1) saveOwnPhrase(storage, `p${i}`);
  const list = loadOwnPhrases(storage);
  assert.equal(list.length, 20);
  assert.equal(list[0], 'p24');
  assert.deepEqual(loadOwnPhrases(memoryStorage({ 'tongban.phrases': '{not json' })), []);
  assert.deepEqual(loadOwnPhrases(memoryStorage({ 'tongban.phrases': '[1,"ok",""]' })), ['ok']);
  assert.deepEqual(loadOwnPhrases(null), []);
});
