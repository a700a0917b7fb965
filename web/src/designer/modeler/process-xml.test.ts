import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BpmnModdle } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import { lintDefinitions } from './browser-lint';
import { problemsFromReports } from './lint-results';
import { bpmnFileName, isValidProcessKey, newProcessXml } from './process-xml';

describe('process keys', () => {
  it('given NCName-like keys up to 64 characters, when checked, then accepted', () => {
    for (const key of ['general-approval', 'food_licence2', '_x', 'a'.repeat(64)])
      assert.ok(isValidProcessKey(key), key);
  });
  it('given keys with spaces, dots, colons, leading digits or too long, when checked, then refused', () => {
    for (const key of ['', 'a b', 'a.b', 'a:b', '1abc', '审批', 'a'.repeat(65), 'a/b'])
      assert.equal(isValidProcessKey(key), false, key);
    assert.throws(() => newProcessXml('a b', 'x'), /invalid process key/);
  });
});

describe('newProcessXml', () => {
  it('given a key and a name with XML characters, when the new flow is linted, then it has no error and keeps the name', async () => {
    const xml = newProcessXml('pilot-flow', '试点 <流程> & "审批"');
    const { rootElement } = await new BpmnModdle({ camunda }).fromXML(xml);
    const problems = problemsFromReports(await lintDefinitions(rootElement));
    assert.deepEqual(
      problems.filter((p) => p.severity !== 'info'),
      [],
    );
    const process = (rootElement as { rootElements: { id: string; name: string }[] }).rootElements[0];
    assert.equal(process?.id, 'pilot-flow');
    assert.equal(process?.name, '试点 <流程> & "审批"');
  });
  it('given a key, when a file name is derived, then it is safe', () => {
    assert.equal(bpmnFileName('general-approval'), 'general-approval.bpmn');
    assert.equal(bpmnFileName(''), 'process.bpmn');
  });
});
