import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { createTestUser, startTestApi, type TestApi } from '../../test-support/harness.js';
import { startWorkers, tinyPdf, upload, waitFor } from '../../test-support/flow.js';

// The completion notice reaches the applicant by the channels they chose: site inbox always,
// e-mail over a local SMTP server, SMS through a local HTTP gateway; and only once.
const FOOD = '11410404MB0000001X4000111001001';
const mails: { to: string[]; raw: string }[] = [];
const sms: { phone: string; text: string }[] = [];
let smtp: SMTPServer;
let gateway: http.Server;
let api: TestApi;
let workers: ReturnType<typeof startWorkers>;

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((a) => a.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  gateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      sms.push(JSON.parse(body) as { phone: string; text: string });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  api = await startTestApi({
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    SMS_GATEWAY_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`,
  });
  workers = startWorkers(api);
});
after(async () => {
  await workers.stop();
  await api.close();
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise<void>((r) => gateway.close(() => r()));
});

test('an accepted and completed case notifies by site, e-mail and SMS as the applicant chose, each once', async () => {
  const applicant = await createTestUser(api, { kind: 'person', roles: ['applicant'] });
  await api
    .db('users')
    .where({ id: applicant.id })
    .update({
      email: 'zhang@example.test',
      phone: '13912345678',
      contact_preferences: JSON.stringify(['site', 'email', 'sms']),
    });
  const token = await api.login(applicant.username, applicant.password);
  const materials = [];
  for (const code of ['M01', 'M02', 'M03', 'M04'])
    materials.push({ code, fileIds: [await upload(api, token, `${code}.pdf`, tinyPdf(code))] });
  const form = {
    operatorName: '测试餐饮',
    premisesAddress: '石龙区',
    businessScope: '热食类食品制售',
    contactPhone: '13912345678',
  };
  const created = await api.call('POST', '/api/v1/applications', {
    token,
    body: { itemCode: FOOD, form, materials, submit: true },
  });
  assert.equal(created.status, 201, created.text);
  const caseNo = created.body.caseNo as string;
  const staff: Record<string, string> = {};
  for (const u of ['clerk1', 'approver1', 'lead1', 'auditor1']) staff[u] = await api.login(u);
  const step = async (user: string, activityId: string, action: string) => {
    const taskId = await waitFor(`${activityId} task`, async () => {
      const c = await api.call('GET', `/api/v1/cases/${caseNo}`, { token: staff.auditor1 });
      return c.body.tasks.find((x: { activityId: string }) => x.activityId === activityId)?.id as string | undefined;
    });
    const r = await api.call('POST', `/api/v1/tasks/${taskId}/actions/${action}`, { token: staff[user], body: {} });
    assert.equal(r.status, 200, r.text);
  };
  await step('clerk1', 'acceptance', 'accept');
  await step('approver1', 'review', 'approve');
  await step('lead1', 'decision', 'approve');
  await waitFor(
    'completed',
    async () => (await api.call('GET', `/api/v1/applications/${caseNo}`, { token })).body.status === 'completed',
  );

  for (let i = 0; i < 3; i++) await api.app.notifications.dispatcher.runOnce();
  const mine = mails.filter((m) => m.to.includes('zhang@example.test'));
  assert.equal(mine.length, 2, 'accepted + completed by e-mail');
  assert.ok(
    mine.every((m) => m.raw.includes(caseNo) || m.raw.includes('=?UTF-8?')),
    'the mails name the case',
  );
  const texts = sms.filter((m) => m.phone === '13912345678');
  assert.equal(texts.length, 2, 'accepted + completed by SMS');
  assert.ok(texts.some((m) => m.text.includes('已办结')));

  const inbox = await api.call('GET', '/api/v1/notifications', { token });
  assert.deepEqual(
    inbox.body.items.map((n: { title: string }) => n.title).sort(),
    ['办件已办结：准予许可', '办件已受理'].sort(),
  );

  // Nothing more goes out on later rounds, and a worker restart re-sends nothing.
  await workers.stop();
  workers = startWorkers(api);
  for (let i = 0; i < 2; i++) await api.app.notifications.dispatcher.runOnce();
  assert.equal(mails.filter((m) => m.to.includes('zhang@example.test')).length, 2);
  assert.equal(sms.filter((m) => m.phone === '13912345678').length, 2);
});
