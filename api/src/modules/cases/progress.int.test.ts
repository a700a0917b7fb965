import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ProgressDto } from '@tongban/contracts';
import { startTestApi, type TestApi } from '../../test-support/harness.js';
import { tinyPdf, upload } from '../../test-support/flow.js';

const FOOD = '11410404MB0000001X4000111001001'; // 食品经营许可（新办）
const FORM = {
  operatorName: '张三小吃店',
  premisesAddress: '石龙区人民路1号',
  businessScope: '热食类食品制售',
  contactPhone: '13800001234',
};

let api: TestApi;
let token: string;
before(async () => {
  api = await startTestApi();
  token = await api.login('applicant1');
});
after(() => api.close());

async function submit() {
  const materials = [];
  for (const code of ['M01', 'M02', 'M03', 'M04'])
    materials.push({ code, fileIds: [await upload(api, token, `${code}.pdf`, tinyPdf(code))] });
  const r = await api.call('POST', '/api/v1/applications', {
    token,
    body: { itemCode: FOOD, form: FORM, materials, submit: true },
  });
  assert.equal(r.status, 201, r.text);
  return r.body as { caseNo: string; queryCode: string };
}

test('the anonymous progress answer has the status, the department, the timeline and the applicant by a masked name only', async () => {
  const { caseNo, queryCode } = await submit();
  const r = await fetch(`${api.url}/api/v1/progress?caseNo=${caseNo}&queryCode=${queryCode}`);
  assert.equal(r.status, 200);
  const progress = ProgressDto.strict().parse(await r.json());
  assert.equal(progress.caseNo, caseNo);
  assert.equal(progress.applicantName, '张*');
  assert.equal(progress.departmentName, '石龙区市场监督管理局');
  assert.equal(progress.itemName, '食品经营许可（新办）');
  assert.deepEqual(
    progress.timeline.map((e) => [e.type, e.title]),
    [['submitted', '提交申请']],
  );
  assert.ok(progress.timeline.every((e) => typeof e.at === 'string'));
  const text = JSON.stringify(progress);
  for (const secret of ['张三', '13800001234', '410402199001011234', '人民路', 'applicant1'])
    assert.ok(!text.includes(secret), `no ${secret} in the public answer`);
  assert.ok(!('queryCode' in progress), 'the query code is not repeated');
});

test('a wrong query code answers 404 NOT_FOUND, like a case that does not exist', async () => {
  const { caseNo, queryCode } = await submit();
  const wrong = queryCode === '000000' ? '000001' : '000000';
  const r = await api.call('GET', `/api/v1/progress?caseNo=${caseNo}&queryCode=${wrong}`);
  assert.equal(r.status, 404, r.text);
  assert.equal(r.body.code, 'NOT_FOUND');
});
