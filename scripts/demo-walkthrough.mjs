// A walk through the general approval flow (通用审批) against a running `npm start`, through the
// public HTTP API only: the applicant applies for 食品经营许可, the clerk asks for a correction,
// the applicant answers, the clerk accepts, the approver and the lead approve, the applicant
// downloads the decision and rates the service. Usage: npm start (in another terminal), then
//   node scripts/demo-walkthrough.mjs [http://127.0.0.1:3000]
const BASE = (process.argv[2] ?? process.env.TONGBAN_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const PASSWORD = process.env.TONGBAN_DEMO_PASSWORD ?? 'Tongban@2026';
const FOOD = '11410404MB0000001X4000111001001';

async function call(method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return json;
}

const login = async (username) =>
  (await call('POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } })).token;

function pdf(text) {
  const body = `BT /F1 12 Tf 10 50 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R >>',
    `<< /Length ${body.length} >>\nstream\n${body}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offs = objs.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function upload(token, name) {
  const form = new FormData();
  form.set('file', new Blob([pdf(name)], { type: 'application/pdf' }), `${name}.pdf`);
  const res = await fetch(`${BASE}/api/v1/files`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`upload → ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

async function openTask(token, caseNo, activityId) {
  for (let i = 0; i < 100; i++) {
    const c = await call('GET', `/api/v1/cases/${caseNo}`, { token });
    const task = c.tasks.find((t) => t.activityId === activityId);
    if (task) return task;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${activityId} task for ${caseNo}`);
}

async function waitStatus(token, caseNo, status) {
  for (let i = 0; i < 100; i++) {
    const c = await call('GET', `/api/v1/applications/${caseNo}`, { token });
    if (c.status === status) return c;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${caseNo} did not reach ${status}`);
}

const step = (text) => console.log(`\n▶ ${text}`);

const applicant = await login('applicant1');
const clerk = await login('clerk1');
const approver = await login('approver1');
const lead = await login('lead1');

step('申请人 applicant1 uploads the materials and submits 食品经营许可（新办）');
const materials = [];
for (const code of ['M01', 'M02', 'M03', 'M04']) materials.push({ code, fileIds: [await upload(applicant, code)] });
const form = {
  operatorName: '石龙区味道餐饮',
  premisesAddress: '石龙区人民路1号',
  businessScope: '热食类食品制售',
  contactPhone: '13800001234',
};
const created = await call('POST', '/api/v1/applications', {
  token: applicant,
  body: { itemCode: FOOD, form, materials, submit: true },
  headers: { 'Idempotency-Key': `demo-${Date.now()}` },
});
console.log(`  case ${created.caseNo}, status ${created.status}, query code ${created.queryCode}`);

step('窗口 clerk1 asks for a correction of one material (一次性告知)');
let task = await openTask(clerk, created.caseNo, 'acceptance');
await call('POST', `/api/v1/tasks/${task.id}/actions/requestCorrection`, {
  token: clerk,
  body: { items: [{ materialCode: 'M03', reason: '布局图未标注设备位置' }] },
});
const waiting = await waitStatus(applicant, created.caseNo, 'correction_required');
console.log(`  notice ${waiting.correction.noticeNo}, deadline ${waiting.correction.deadline}`);

step('the applicant answers the correction');
await call('POST', `/api/v1/applications/${created.caseNo}/corrections`, {
  token: applicant,
  body: { materials: [{ code: 'M03', fileIds: [await upload(applicant, 'M03-v2')] }] },
});
await waitStatus(applicant, created.caseNo, 'submitted');

step('clerk1 accepts (受理): notice numbered, clock started');
task = await openTask(clerk, created.caseNo, 'acceptance');
await call('POST', `/api/v1/tasks/${task.id}/actions/accept`, {
  token: clerk,
  body: { opinion: '材料齐全，予以受理' },
});
const accepted = await waitStatus(applicant, created.caseNo, 'in_progress');
console.log(`  promised completion date ${accepted.dueDate}, ${accepted.workingDaysLeft} working days left`);

step('approver1 reviews (审核) and sends on; lead1 decides (批准)');
task = await openTask(approver, created.caseNo, 'review');
await call('POST', `/api/v1/tasks/${task.id}/actions/approve`, { token: approver, body: { opinion: '符合条件' } });
task = await openTask(lead, created.caseNo, 'decision');
await call('POST', `/api/v1/tasks/${task.id}/actions/approve`, { token: lead, body: { opinion: '同意' } });
const done = await waitStatus(applicant, created.caseNo, 'completed');
console.log(`  result ${done.result}; documents: ${done.documents.map((d) => `${d.title} ${d.noticeNo}`).join(', ')}`);

step('the applicant downloads the decision and rates the service');
const decision = done.documents.find((d) => d.type === 'approval_decision');
const file = await fetch(BASE + decision.url, { headers: { Authorization: `Bearer ${applicant}` } });
console.log(`  ${decision.title}: ${file.status}, ${(await file.arrayBuffer()).byteLength} bytes of PDF`);
await call('POST', `/api/v1/applications/${created.caseNo}/evaluation`, {
  token: applicant,
  body: { rating: 5, comment: '办理很快' },
});
const progress = await call('GET', `/api/v1/progress?caseNo=${created.caseNo}&queryCode=${created.queryCode}`);
console.log(`  anonymous progress: ${progress.statusLabel}, completed ${progress.completedAt}`);
console.log('\n✔ walkthrough complete');
