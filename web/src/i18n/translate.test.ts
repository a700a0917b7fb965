import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator, interpolate, parseLocale, pickLabel } from './translate';
import { MESSAGES, zhCN, en } from './messages';

type Key = 'greeting' | 'onlyChinese' | 'nowhere';
const dictionaries = {
  'zh-CN': { greeting: '您好，{name}', onlyChinese: '仅中文' },
  en: { greeting: 'Hello, {name}' },
} as const;

test('translates a key in the chosen locale and fills its placeholders', () => {
  assert.equal(createTranslator<Key>(dictionaries, 'en')('greeting', { name: 'Li' }), 'Hello, Li');
  assert.equal(createTranslator<Key>(dictionaries, 'zh-CN')('greeting', { name: '李' }), '您好，李');
});

test('falls back to Chinese when the English text is missing', () => {
  assert.equal(createTranslator<Key>(dictionaries, 'en')('onlyChinese'), '仅中文');
});

test('shows the key itself when no dictionary has it', () => {
  assert.equal(createTranslator<Key>(dictionaries, 'en')('nowhere'), 'nowhere');
});

test('leaves a placeholder without a value visible', () => {
  assert.equal(interpolate('HTTP {status} at {time}', { status: 502 }), 'HTTP 502 at {time}');
});

test('accepts only known locales and defaults to zh-CN', () => {
  assert.equal(parseLocale('en'), 'en');
  assert.equal(parseLocale('zh-CN'), 'zh-CN');
  assert.equal(parseLocale('fr'), 'zh-CN');
  assert.equal(parseLocale(null), 'zh-CN');
});

test('picks the bilingual contract label of the locale', () => {
  assert.equal(pickLabel({ zh: '待办事项', en: 'Tasks' }, 'en'), 'Tasks');
  assert.equal(pickLabel({ zh: '待办事项', en: 'Tasks' }, 'zh-CN'), '待办事项');
});

test('the shipped English dictionary has a non-empty text for every Chinese key', () => {
  const missing = Object.keys(zhCN).filter((key) => !(en as Record<string, string>)[key]?.trim());
  assert.deepEqual(missing, []);
  assert.equal(MESSAGES.en, en);
});
