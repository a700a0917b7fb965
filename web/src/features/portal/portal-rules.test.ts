import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyAccess,
  applyPath,
  evaluationChannel,
  evaluationProblem,
  itemFilter,
  materialCopies,
  parseProgressQuery,
  parseServicesQuery,
  progressErrorKey,
  progressLink,
  progressProblem,
  servicesSearch,
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

test('the item list state round-trips through the address, and defaults to persons by theme', () => {
  assert.deepEqual(parseServicesQuery(''), { audience: 'person', by: 'theme', group: '', q: '' });
  const state = { audience: 'legal', by: 'department', group: 'SLQ-ZJJ', q: ' 施工 ' } as const;
  const search = servicesSearch(state);
  assert.equal(search, '?audience=legal&by=department&department=SLQ-ZJJ&q=%E6%96%BD%E5%B7%A5');
  assert.deepEqual(parseServicesQuery(search), { ...state, q: '施工' });
  assert.deepEqual(parseServicesQuery('?audience=alien&by=nothing&theme=P-HOUSING'), {
    audience: 'person',
    by: 'theme',
    group: 'P-HOUSING',
    q: '',
  });
});

test('the API filter names the group by what the list is browsed by, and leaves out empty parts', () => {
  assert.deepEqual(itemFilter({ audience: 'person', by: 'theme', group: 'P-HOUSING', q: '' }), {
    audience: 'person',
    theme: 'P-HOUSING',
  });
  assert.deepEqual(itemFilter({ audience: 'legal', by: 'department', group: 'SLQ-ZJJ', q: ' 许可 ' }), {
    audience: 'legal',
    department: 'SLQ-ZJJ',
    q: '许可',
  });
  assert.deepEqual(itemFilter({ audience: 'legal', by: 'theme', group: '', q: '  ' }), { audience: 'legal' });
});

test('the progress page reads case number and query code from the QR link, also as `code`', () => {
  const link = progressLink('https://zw.example.gov.cn', 'TB 2026/1', '012345');
  assert.equal(link, 'https://zw.example.gov.cn/progress?caseNo=TB+2026%2F1&queryCode=012345');
  assert.deepEqual(parseProgressQuery(new URL(link).search), { caseNo: 'TB 2026/1', queryCode: '012345' });
  assert.deepEqual(parseProgressQuery('?caseNo=A1&code=654321'), { caseNo: 'A1', queryCode: '654321' });
  assert.deepEqual(parseProgressQuery(''), { caseNo: '', queryCode: '' });
});

test('a lookup needs a case number and a six-digit query code before it is sent', () => {
  assert.equal(progressProblem('', '123456'), 'progress.caseNoRequired');
  assert.equal(progressProblem('A1', '12345'), 'progress.queryCodeFormat');
  assert.equal(progressProblem('A1', '12345a'), 'progress.queryCodeFormat');
  assert.equal(progressProblem('A1', '123456'), null);
});

test('a failed lookup is explained by the answer: wrong number or code, too many tries, or unavailable', () => {
  assert.equal(progressErrorKey(404), 'progress.notFound');
  assert.equal(progressErrorKey(429), 'progress.rateLimited');
  assert.equal(progressErrorKey(400), 'progress.queryCodeFormat');
  assert.equal(progressErrorKey(0), 'progress.failed');
  assert.equal(progressErrorKey(500), 'progress.failed');
});

test('applying from a guide: a visitor signs in first, staff cannot, an applicant only for their audience', () => {
  assert.equal(applyAccess(null, ['person']), 'login');
  assert.equal(applyAccess({ roles: ['clerk'], kind: 'staff' }, ['person', 'legal']), 'notApplicant');
  assert.equal(applyAccess({ roles: ['applicant'], kind: 'person' }, ['person', 'legal']), 'apply');
  assert.equal(applyAccess({ roles: ['applicant'], kind: 'person' }, ['legal']), 'wrongAudience');
  assert.equal(applyAccess({ roles: ['applicant'], kind: 'legal' }, ['legal']), 'apply');
  assert.equal(applyPath('11410404MB0000001X4000111001001'), '/portal/apply?item=11410404MB0000001X4000111001001');
});

test('material counts show only whole positive numbers', () => {
  assert.deepEqual(materialCopies({ originals: 1, copies: 2 }), { originals: 1, copies: 2 });
  assert.deepEqual(materialCopies({ originals: -1, copies: 1.5 }), { originals: 0, copies: 0 });
  assert.deepEqual(materialCopies({}), { originals: 0, copies: 0 });
});

test('an evaluation from a phone or WeChat counts as the mobile channel', () => {
  assert.equal(evaluationChannel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148'), '2');
  assert.equal(evaluationChannel('Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0'), '2');
  assert.equal(evaluationChannel('Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0'), '1');
});
