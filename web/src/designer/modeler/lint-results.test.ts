import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import { lintDefinitions } from './browser-lint';
import {
  countBySeverity,
  marksByElement,
  problemsFromReports,
  problemsFromServerDetails,
  type DesignerProblem,
} from './lint-results';

// The API's linter, imported by a computed path so the console's type check stays out of the API.
const serverLintPath = new URL('../../../../api/src/modules/processes/process-lint.ts', import.meta.url).href;
async function lintBpmn(xml: string): Promise<{ problems: { elementId: string; rule: string }[] }> {
  const server = (await import(serverLintPath)) as { lintBpmn: typeof lintBpmn };
  return server.lintBpmn(xml);
}

const generalFlow = fs.readFileSync(
  new URL('../../../../processes/general-approval/general-approval.bpmn', import.meta.url),
  'utf8',
);

async function browserLint(xml: string): Promise<DesignerProblem[]> {
  const { rootElement } = await new BpmnModdle({ camunda }).fromXML(xml);
  return problemsFromReports(await lintDefinitions(rootElement));
}

describe('problemsFromReports', () => {
  it('given reports of several rules, when mapped, then errors come first with rule, element and severity', () => {
    const problems = problemsFromReports({
      'superfluous-gateway': [{ id: 'Gw1', message: 'superfluous', category: 'warn' }],
      'tongban/known-topic': [{ id: 'Task1', message: 'unknown worker topic "x"', category: 'error' }],
      'camunda-compat/history-time-to-live': [{ id: 'P', message: 'ttl', category: 'info' }],
      'label-required': [{ message: 'no id', category: 'rule-error' }],
    });
    assert.deepEqual(
      problems.map((p) => [p.severity, p.elementId, p.rule]),
      [
        ['error', '', 'label-required'],
        ['error', 'Task1', 'tongban/known-topic'],
        ['warning', 'Gw1', 'superfluous-gateway'],
        ['info', 'P', 'camunda-compat/history-time-to-live'],
      ],
    );
    assert.equal(new Set(problems.map((p) => p.key)).size, problems.length);
    assert.deepEqual(countBySeverity(problems), { error: 2, warning: 1, info: 1 });
  });
});

describe('problemsFromServerDetails', () => {
  it('given the details of a 422 PROCESS_INVALID, when mapped, then each becomes an error on its element', () => {
    const problems = problemsFromServerDetails([
      { elementId: 'notify', message: 'unknown worker topic "x"' },
      { elementId: '', message: 'not a BPMN 2.0 document' },
    ]);
    assert.deepEqual(
      problems.map((p) => [p.elementId, p.severity, p.source, p.message]),
      [
        ['', 'error', 'server', 'not a BPMN 2.0 document'],
        ['notify', 'error', 'server', 'unknown worker topic "x"'],
      ],
    );
  });
  it('given details that are not the documented shape, when mapped, then they are dropped', () => {
    assert.deepEqual(problemsFromServerDetails(undefined), []);
    assert.deepEqual(problemsFromServerDetails({ elementId: 'a' }), []);
    assert.deepEqual(
      problemsFromServerDetails([null, 3, { elementId: 'a' }, { elementId: 7, message: 'm' }]).map((p) => p.elementId),
      [''],
    );
  });
});

describe('marksByElement', () => {
  const problems = problemsFromReports({
    a: [{ id: 'Task1', message: 'w', category: 'warn' }],
    b: [{ id: 'Task1', message: 'e', category: 'error' }],
    c: [{ id: 'Gone', message: 'lost element', category: 'error' }],
    d: [{ id: 'Task2', message: 'just info', category: 'info' }],
  });
  it('given problems on one element, when grouped, then the worst severity wins and every message is kept', () => {
    const marks = marksByElement(problems, (id) => id !== 'Gone', 'Process_1');
    const task = marks.find((m) => m.elementId === 'Task1');
    assert.deepEqual(task, { elementId: 'Task1', severity: 'error', count: 2, messages: ['e', 'w'] });
  });
  it('given a problem on an element not in the diagram, when grouped, then it lands on the process', () => {
    const marks = marksByElement(problems, (id) => id !== 'Gone', 'Process_1');
    assert.deepEqual(marks.find((m) => m.elementId === 'Process_1')?.messages, ['lost element']);
    assert.equal(
      marks.some((m) => m.elementId === 'Task2'),
      false,
      'infos are not drawn',
    );
    assert.equal(marksByElement(problems, () => false, null).length, 0, 'no fallback, nothing drawn');
  });
});

describe('the designer lints like the API', () => {
  it('given the general flow, when linted in the browser runner, then no error (the API deploys it)', async () => {
    const problems = await browserLint(generalFlow);
    assert.deepEqual(
      problems.filter((p) => p.severity === 'error'),
      [],
    );
    assert.deepEqual((await lintBpmn(generalFlow)).problems, []);
  });
  it('given a broken copy, when linted by both, then the same errors on the same elements', async () => {
    const broken = generalFlow
      .replace('camunda:topic="tongban.case.accepted"', 'camunda:topic="tongban.case.nope"')
      .replace(' camunda:candidateGroups="lead:${departmentCode}"', '')
      .replace(
        '<bpmn:sequenceFlow id="Flow_toCompletion" sourceRef="decisionDocument" targetRef="completionNotice" />',
        '',
      );
    const browser = (await browserLint(broken)).filter((p) => p.severity === 'error');
    const server = (await lintBpmn(broken)).problems;
    const key = (p: { elementId: string; rule: string }) => `${p.rule}@${p.elementId}`;
    assert.deepEqual(browser.map(key).sort(), server.map(key).sort());
    assert.ok(browser.some((p) => p.rule === 'tongban/known-topic' && p.elementId === 'registerAcceptance'));
    assert.ok(browser.some((p) => p.rule === 'tongban/candidate-groups' && p.elementId === 'decision'));
    assert.ok(browser.some((p) => p.rule === 'no-implicit-end' || p.rule === 'no-disconnected'));
  });
});
