import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { lintBpmn } from '../../processes/process-lint.js';

const xml = fs.readFileSync(path.resolve('processes/parallel-approval/parallel-approval.bpmn'), 'utf8');
const element = (id: string) => {
  const m = new RegExp(`<bpmn:\\w+ id="${id}"[^>]*>`).exec(xml);
  assert.ok(m, `element ${id}`);
  return m[0];
};

test('the committed parallel flow passes the linter', async () => {
  const r = await lintBpmn(xml);
  assert.equal(r.key, 'parallel-approval');
  assert.deepEqual(r.problems, []);
});

test('one branch per department: a parallel multi-instance over the departments, cancelled by cancelRest', () => {
  assert.match(
    xml,
    /<bpmn:multiInstanceLoopCharacteristics camunda:collection="\$\{departments\.elements\(\)\}" camunda:elementVariable="department">\s*<bpmn:completionCondition[^>]*>\$\{cancelRest\}<\/bpmn:completionCondition>/,
  );
  assert.doesNotMatch(xml, /isSequential="true"/);
});

test('the end of a branch and the join are exclusive asynchronous continuations', () => {
  for (const id of ['departmentReview', 'branchDecided']) {
    assert.match(element(id), /camunda:asyncAfter="true"/, id);
    assert.match(element(id), /camunda:exclusive="true"/, id);
  }
});

test("a branch's expired correction ends every branch through an error caught on the multi-instance", () => {
  assert.match(element('Timer_branchCorrectionDeadline'), /attachedToRef="branchWaitCorrection"/);
  assert.match(element('Boundary_correctionExpired'), /attachedToRef="departmentReview"/);
  assert.match(xml, /<bpmn:error id="Error_correctionExpired" name="补正逾期" errorCode="CORRECTION_EXPIRED" \/>/);
  assert.match(xml, /sourceRef="Boundary_correctionExpired" targetRef="correctionExpired"/);
});

test("branch variables are the branch's own; its correction answer is addressed to its department", () => {
  for (const name of ['branchDepartment', 'action', 'decision', 'returnTo', 'specialFrom', 'specialProcedureId'])
    assert.match(xml, new RegExp(`<camunda:inputParameter name="${name}"`), name);
  assert.match(xml, /name="CorrectionSubmitted:\$\{branchDepartment\}"/);
  assert.match(element('branchReview'), /camunda:candidateGroups="approver:\$\{branchDepartment\}"/);
  assert.match(element('branchDecision'), /camunda:candidateGroups="lead:\$\{branchDepartment\}"/);
  assert.match(element('consolidation'), /camunda:candidateGroups="lead:\$\{departmentCode\}"/);
});
