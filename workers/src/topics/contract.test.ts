import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopicDefinition } from '@tongban/contracts';
import { ContractViolationError } from '../errors.js';
import { assertResultHonoursTopic } from './contract.js';

const topic: TopicDefinition = {
  name: 'tongban.test',
  label: { zh: '测试', en: 'Test' },
  description: 'test topic',
  inputs: ['caseNo'],
  outputs: ['dueAt'],
  bpmnErrors: ['MATERIALS_MISSING'],
  lockDuration: 30000,
};

test('accepts declared outputs and declared BPMN error codes', () => {
  assert.doesNotThrow(() => assertResultHonoursTopic(topic, {}));
  assert.doesNotThrow(() =>
    assertResultHonoursTopic(topic, { variables: { dueAt: 'x' }, localVariables: { dueAt: 'y' } }),
  );
  assert.doesNotThrow(() =>
    assertResultHonoursTopic(topic, { bpmnError: { code: 'MATERIALS_MISSING', variables: { dueAt: 'x' } } }),
  );
});

test('rejects a BPMN error code the topic does not declare', () => {
  assert.throws(
    () => assertResultHonoursTopic(topic, { bpmnError: { code: 'OTHER' } }),
    (error: unknown) => error instanceof ContractViolationError && /may not throw BPMN error OTHER/.test(error.message),
  );
});

test('rejects undeclared variables, naming them but not their values', () => {
  assert.throws(
    () =>
      assertResultHonoursTopic(topic, {
        variables: { idNumber: '110101199003074514' },
        localVariables: { phone: '13800138000' },
      }),
    (error: unknown) =>
      error instanceof ContractViolationError &&
      /may not set idNumber, phone/.test(error.message) &&
      !/110101199003074514|13800138000/.test(error.message),
  );
});
