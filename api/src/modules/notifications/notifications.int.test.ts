import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import express from 'express';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { errorHandler, notFoundHandler } from '../../http/error-handler.js';
import { ApiRouter } from '../../http/router.js';
import { createTestUser, startTestApi, type TestApi } from '../../test-support/harness.js';
import { authenticate } from '../auth/index.js';
import {
  createNotificationsModule,
  createNotificationsService,
  type Channel,
  type NotificationDispatcher,
  type NotificationsModule,
} from './index.js';
import { createNotificationsRepository } from './notifications.repository.js';

// Real receivers: an SMTP server and an HTTP SMS gateway on random local ports. The API from the
// harness gives the database and logins; the inbox routes run on a second small server with the
// same middleware as app.ts, until they are wired there.

interface Mail {
  to: string[];
  subject: string;
  raw: string;
}
const mails: Mail[] = [];
const smsReceived: { authorization: string | undefined; phone: string; text: string }[] = [];
let smsStatus = 200;
let smtp: SMTPServer;
let smsGateway: http.Server;

let api: TestApi;
let notifications: NotificationsModule;
let dispatcher: NotificationDispatcher;
let inboxServer: http.Server;
let url: string;
const logLines: string[] = [];

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`) of an unfolded header. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('latin1')
        : text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    )
    .replace(/[\x80-\xff]+/g, (bytes) => Buffer.from(bytes, 'latin1').toString('utf8'));
}

function header(raw: string, name: string): string | undefined {
  const unfolded = raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

let seq = 0;
async function recipient(opts: { email?: boolean; phone?: boolean; prefs: Channel[] }) {
  const u = await createTestUser(api, { kind: 'person' });
  const email = opts.email ? `${u.username}@example.test` : null;
  const phone = opts.phone ? `139${String(randomInt(0, 1e8)).padStart(8, '0')}` : null;
  await api
    .db('users')
    .where({ id: u.id })
    .update({ email, phone, contact_preferences: JSON.stringify(opts.prefs) });
  return { ...u, email, phone };
}

const enqueue = (userId: string, key: string, title = '您的申请已受理') =>
  api.db.transaction((trx) =>
    notifications.service.enqueue(trx, {
      userId,
      template: 'case.accepted',
      title,
      body: `您提交的食品经营许可申请已受理，办件编号 T${++seq}。`,
      dedupeKey: key,
    }),
  );

const rowsOf = (userId: string) =>
  api.db('notifications').where({ user_id: userId }).orderBy('id') as Promise<
    { id: string; channel: Channel; status: string; attempts: number; last_error: string | null; dedupe_key: string }[]
  >;

/** Seconds until the row is due again, measured by the database clock. */
async function dueInSeconds(id: string): Promise<number> {
  const { rows } = await api.db.raw(
    `SELECT extract(epoch FROM next_attempt_at - now())::float AS s FROM notifications WHERE id = ?`,
    [id],
  );
  return Number(rows[0].s);
}
const makeDue = (id: string) => api.db('notifications').where({ id }).update({ next_attempt_at: api.db.fn.now() });

async function call(method: string, path: string, token: string) {
  const res = await fetch(url + path, { method, headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          to: session.envelope.rcptTo.map((a) => a.address),
          subject: decodeHeader(header(raw, 'Subject') ?? ''),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  smsGateway = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/sms' && req.method === 'POST' && smsStatus === 200) {
        const msg = JSON.parse(body) as { phone: string; text: string };
        smsReceived.push({ authorization: req.headers.authorization, ...msg });
      }
      res.writeHead(req.url === '/sms' ? smsStatus : 404, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => smsGateway.listen(0, '127.0.0.1', resolve));
  const smsPort = (smsGateway.address() as AddressInfo).port;

  api = await startTestApi({
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    SMS_GATEWAY_URL: `http://127.0.0.1:${smsPort}/sms`,
    SMS_GATEWAY_TOKEN: 'sms-gateway-secret',
    NOTIFY_INTERVAL_MS: '100',
    NOTIFY_MAX_ATTEMPTS: '3',
  });
  // Every log line of the module is kept, to check that no address appears unmasked.
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  notifications = createNotificationsModule({ db: api.db, config: api.config.notifications, log });
  dispatcher = notifications.dispatcher;

  const router = new ApiRouter({ verify: () => false });
  notifications.registerRoutes(router);
  const app = express();
  app.use('/api', express.json());
  app.use('/api', authenticate(api.app.auth));
  app.use(api.app.audit.middleware());
  router.mount(app);
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  inboxServer = http.createServer(app);
  await new Promise<void>((resolve) => inboxServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(inboxServer.address() as AddressInfo).port}`;
});

after(async () => {
  await dispatcher?.stop();
  for (const s of [inboxServer, smsGateway]) {
    s?.closeAllConnections();
    await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await api?.close();
});

test('an enqueued notification is in the inbox at once and reaches the SMTP server and the SMS gateway', async () => {
  const u = await recipient({ email: true, phone: true, prefs: ['site', 'email', 'sms'] });
  assert.deepEqual((await enqueue(u.id, `case.accepted:${u.username}`)).sort(), ['email', 'site', 'sms']);

  const queued = await rowsOf(u.id);
  assert.deepEqual(
    queued.map((r) => [r.channel, r.status]),
    [
      ['site', 'sent'],
      ['email', 'pending'],
      ['sms', 'pending'],
    ],
  );
  assert.deepEqual(
    queued.map((r) => r.dedupe_key),
    ['site', 'email', 'sms'].map((c) => `case.accepted:${u.username}:${c}`),
  );

  const result = await dispatcher.runOnce();
  assert.ok(result.sent >= 2, JSON.stringify(result));
  const rows = await rowsOf(u.id);
  assert.deepEqual(
    rows.map((r) => [r.channel, r.status, r.attempts]),
    [
      ['site', 'sent', 0],
      ['email', 'sent', 1],
      ['sms', 'sent', 1],
    ],
  );

  const mail = mails.filter((m) => m.to.includes(u.email as string));
  assert.equal(mail.length, 1);
  assert.equal(mail[0]?.subject, '您的申请已受理');
  assert.equal(header(mail[0]?.raw ?? '', 'X-Tongban-Notification'), String(rows[1]?.id));
  const sms = smsReceived.filter((m) => m.phone === u.phone);
  assert.equal(sms.length, 1);
  assert.equal(sms[0]?.authorization, 'Bearer sms-gateway-secret');
  assert.match(sms[0]?.text ?? '', /^您的申请已受理：您提交的食品经营许可申请已受理/);
});

test('the same dedupe key again queues nothing and sends nothing more', async () => {
  const u = await recipient({ email: true, phone: true, prefs: ['site', 'email', 'sms'] });
  await enqueue(u.id, `case.accepted:${u.username}`);
  await dispatcher.runOnce();
  assert.deepEqual(await enqueue(u.id, `case.accepted:${u.username}`), []);
  await dispatcher.runOnce();
  assert.equal((await rowsOf(u.id)).length, 3);
  assert.equal(mails.filter((m) => m.to.includes(u.email as string)).length, 1);
  assert.equal(smsReceived.filter((m) => m.phone === u.phone).length, 1);
});

test('a failing SMS gateway is retried with exponential back-off and the message goes out when it recovers', async () => {
  const u = await recipient({ phone: true, prefs: ['site', 'sms'] });
  await enqueue(u.id, `retry:${u.username}`);
  const sms = (await rowsOf(u.id)).find((r) => r.channel === 'sms');
  assert.ok(sms);
  smsStatus = 500;
  try {
    const first = await dispatcher.runOnce();
    assert.ok(first.retried >= 1);
    let row = (await rowsOf(u.id)).find((r) => r.id === sms.id);
    assert.equal(row?.status, 'pending');
    assert.equal(row?.attempts, 1);
    assert.equal(row?.last_error, 'SMS gateway answered HTTP 500');
    const wait1 = await dueInSeconds(sms.id);
    assert.ok(wait1 > 3.5 && wait1 <= 5.1, `first retry after ~5 s, got ${wait1}`);

    // Not due yet: a round now leaves it alone.
    await dispatcher.runOnce();
    assert.equal((await rowsOf(u.id)).find((r) => r.id === sms.id)?.attempts, 1);

    await makeDue(sms.id);
    await dispatcher.runOnce();
    const wait2 = await dueInSeconds(sms.id);
    assert.ok(wait2 > 8.5 && wait2 <= 10.1, `second retry after ~10 s, got ${wait2}`);

    smsStatus = 200;
    await makeDue(sms.id);
    await dispatcher.runOnce();
    row = (await rowsOf(u.id)).find((r) => r.id === sms.id);
    assert.equal(row?.status, 'sent');
    assert.equal(row?.attempts, 3);
    assert.equal(smsReceived.filter((m) => m.phone === u.phone).length, 1);
  } finally {
    smsStatus = 200;
  }
});

test('after NOTIFY_MAX_ATTEMPTS failed attempts the message is failed and not tried again', async () => {
  const u = await recipient({ phone: true, prefs: ['site', 'sms'] });
  await enqueue(u.id, `fail:${u.username}`);
  const id = (await rowsOf(u.id)).find((r) => r.channel === 'sms')?.id as string;
  smsStatus = 503;
  try {
    for (let i = 0; i < 3; i++) {
      await makeDue(id);
      await dispatcher.runOnce();
    }
    const row = (await rowsOf(u.id)).find((r) => r.id === id);
    assert.equal(row?.status, 'failed');
    assert.equal(row?.attempts, 3);
    assert.equal(row?.last_error, 'SMS gateway answered HTTP 503');
    smsStatus = 200;
    await makeDue(id);
    await dispatcher.runOnce();
    assert.equal((await rowsOf(u.id)).find((r) => r.id === id)?.status, 'failed');
    assert.equal(smsReceived.filter((m) => m.phone === u.phone).length, 0);
  } finally {
    smsStatus = 200;
  }
});

test('a user without an e-mail address gets no e-mail row, and unchosen channels are not used', async () => {
  const noEmail = await recipient({ phone: true, prefs: ['site', 'email'] });
  assert.deepEqual(await enqueue(noEmail.id, `x:${noEmail.username}`), ['site']);
  assert.deepEqual(
    (await rowsOf(noEmail.id)).map((r) => r.channel),
    ['site'],
  );
  const siteOnly = await recipient({ email: true, phone: true, prefs: ['site'] });
  assert.deepEqual(await enqueue(siteOnly.id, `x:${siteOnly.username}`), ['site']);
  // 'site' is always used, even when the stored preferences leave it out.
  const smsOnly = await recipient({ phone: true, prefs: ['sms'] });
  assert.deepEqual((await enqueue(smsOnly.id, `x:${smsOnly.username}`)).sort(), ['site', 'sms']);
});

test('a channel that is not configured is skipped', async () => {
  const u = await recipient({ email: true, phone: true, prefs: ['site', 'email', 'sms'] });
  const unconfigured = createNotificationsService({
    db: api.db,
    repo: createNotificationsRepository(),
    config: { ...api.config.notifications, smtpUrl: undefined, smsGatewayUrl: undefined },
    log: pino({ level: 'silent' }),
  });
  const queued = await api.db.transaction((trx) =>
    unconfigured.enqueue(trx, { userId: u.id, template: 't', title: 't', body: 'b', dedupeKey: `nc:${u.username}` }),
  );
  assert.deepEqual(queued, ['site']);
});

test('an address removed after queueing fails the message at once instead of retrying', async () => {
  const u = await recipient({ email: true, prefs: ['site', 'email'] });
  await enqueue(u.id, `gone:${u.username}`);
  await api.db('users').where({ id: u.id }).update({ email: null });
  await dispatcher.runOnce();
  const row = (await rowsOf(u.id)).find((r) => r.channel === 'email');
  assert.equal(row?.status, 'failed');
  assert.equal(row?.attempts, 1);
});

test('an enqueue rolled back with its transaction leaves nothing to send', async () => {
  const u = await recipient({ email: true, prefs: ['site', 'email'] });
  await assert.rejects(
    api.db.transaction(async (trx) => {
      await notifications.service.enqueue(trx, {
        userId: u.id,
        template: 't',
        title: 't',
        body: 'b',
        dedupeKey: `rb:${u.username}`,
      });
      throw new Error('case transition failed');
    }),
    /case transition failed/,
  );
  assert.equal((await rowsOf(u.id)).length, 0);
});

test('the started dispatcher delivers on its own timer and stops cleanly', async () => {
  const u = await recipient({ email: true, prefs: ['site', 'email'] });
  await enqueue(u.id, `timer:${u.username}`);
  dispatcher.start();
  try {
    const until = Date.now() + 5000;
    while (Date.now() < until && !mails.some((m) => m.to.includes(u.email as string))) {
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await dispatcher.stop();
  }
  assert.equal(mails.filter((m) => m.to.includes(u.email as string)).length, 1);
  assert.equal((await rowsOf(u.id)).find((r) => r.channel === 'email')?.status, 'sent');
});

test('the site inbox lists my messages newest first with the unread count, and marks one read', async () => {
  const u = await recipient({ prefs: ['site'] });
  await enqueue(u.id, `inbox1:${u.username}`, '第一条');
  await enqueue(u.id, `inbox2:${u.username}`, '第二条');
  const token = await api.login(u.username, u.password);
  const list = await call('GET', '/api/v1/notifications?pageSize=10', token);
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 2);
  assert.equal(list.body.unread, 2);
  assert.equal(list.body.page, 1);
  assert.deepEqual(
    list.body.items.map((m: { title: string }) => m.title),
    ['第二条', '第一条'],
  );
  const id = list.body.items[1].id as string;
  const read = await call('POST', `/api/v1/notifications/${id}/read`, token);
  assert.equal(read.status, 200);
  assert.equal(read.body.id, id);
  const again = await call('POST', `/api/v1/notifications/${id}/read`, token);
  assert.equal(again.body.readAt, read.body.readAt, 'the first read time is kept');
  const after = await call('GET', '/api/v1/notifications', token);
  assert.equal(after.body.unread, 1);
  assert.equal(after.body.items.find((m: { id: string }) => m.id === id).readAt, read.body.readAt);
  const page2 = await call('GET', '/api/v1/notifications?page=2&pageSize=1', token);
  assert.deepEqual(
    page2.body.items.map((m: { title: string }) => m.title),
    ['第一条'],
  );
});

test('another user neither sees my message nor marks it read (404)', async () => {
  const me = await recipient({ email: true, prefs: ['site', 'email'] });
  const other = await recipient({ prefs: ['site'] });
  await enqueue(me.id, `private:${me.username}`);
  const site = (await rowsOf(me.id)).find((r) => r.channel === 'site');
  const email = (await rowsOf(me.id)).find((r) => r.channel === 'email');
  const token = await api.login(other.username, other.password);
  assert.equal((await call('GET', '/api/v1/notifications', token)).body.total, 0);
  const r = await call('POST', `/api/v1/notifications/${site?.id}/read`, token);
  assert.equal(r.status, 404);
  assert.equal(r.body.code, 'NOT_FOUND');
  // The owner cannot "read" an e-mail row through the inbox either.
  const mine = await api.login(me.username, me.password);
  assert.equal((await call('POST', `/api/v1/notifications/${email?.id}/read`, mine)).status, 404);
  assert.equal((await call('POST', `/api/v1/notifications/abc/read`, mine)).status, 400);
  const anonymous = await fetch(`${url}/api/v1/notifications`);
  assert.equal(anonymous.status, 401);
});

test('no log line carries an e-mail address or phone number unmasked', async () => {
  // Make sure the logs contain a failure (the error text path) as well as successes.
  const u = await recipient({ email: true, phone: true, prefs: ['site', 'email', 'sms'] });
  smsStatus = 500;
  try {
    await enqueue(u.id, `log:${u.username}`);
    await dispatcher.runOnce();
  } finally {
    smsStatus = 200;
  }
  const all = logLines.join('');
  assert.ok(all.includes('"to":"139****'), 'phones appear masked');
  assert.ok(all.includes('"to":"t***@example.test"'), 'e-mail addresses appear masked');
  const addresses = (await api.db('users').whereNotNull('email').orWhereNotNull('phone').select('email', 'phone')) as {
    email: string | null;
    phone: string | null;
  }[];
  for (const a of addresses) {
    if (a.email) assert.ok(!all.includes(a.email), 'an e-mail address was logged');
    if (a.phone) assert.ok(!all.includes(a.phone), 'a phone number was logged');
  }
});
