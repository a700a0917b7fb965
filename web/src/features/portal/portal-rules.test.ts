import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluationProblem,
  keyAfterFailure,
  materialsBody,
  MAX_UPLOAD_BYTES,
  newIdempotencyKey,
  uploadProblem,
} from './portal-rules';

test('accepts PDF, JPEG and PNG up to 20 MB, and refuses other types and larger files', () => {
  assert.equal(uploadProblem({ name: 'a.pdf', type: 'application/pdf', size: 1000 }), null);
  assert.equal(uploadProblem({ name: 'a.JPG', type: 'image/jpeg', size: MAX_UPLOAD_BYTES }), null);
  assert.equal(uploadProblem({ name: 'a.png', type: '', size: 10 }), null, 'no type: judged by the extension');
  assert.equal(uploadProblem({ name: 'a.docx', type: 'application/msword', size: 10 }), 'apply.fileType');
  assert.equal(uploadProblem({ name: 'a.gif', type: 'image/gif', size: 10 }), 'apply.fileType');
  assert.equal(uploadProblem({ name: 'a.pdf', type: 'application/pdf', size: MAX_UPLOAD_BYTES + 1 }), 'apply.fileSize');
});

test('a reason is required for 不满意 and 非常不满意 only', () => {
  assert.equal(evaluationProblem(5, ''), null);
  assert.equal(evaluationProblem(3, undefined), null);
  assert.equal(evaluationProblem(2, '  '), 'mycase.commentRequired');
  assert.equal(evaluationProblem(1, undefined), 'mycase.commentRequired');
  assert.equal(evaluationProblem(1, '等待太久'), null);
});

test('materials are sent in the item order, without empty entries', () => {
  assert.deepEqual(materialsBody(['M01', 'M02', 'M03'], { M03: ['c'], M01: ['a', 'b'], M02: [] }), [
    { code: 'M01', fileIds: ['a', 'b'] },
    { code: 'M03', fileIds: ['c'] },
  ]);
});

test('idempotency keys are UUIDs the API accepts, kept across a lost answer only', () => {
  const key = newIdempotencyKey();
  assert.match(key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(key, /^[A-Za-z0-9_.:-]{8,128}$/);
  assert.notEqual(newIdempotencyKey(), key);
  assert.equal(keyAfterFailure(key, 0), key);
  assert.notEqual(keyAfterFailure(key, 400), key);
});
