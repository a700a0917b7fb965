import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import express from 'express';
import QRCode from 'qrcode';
import { errorHandler, notFoundHandler } from '../../http/error-handler.js';
import { ApiRouter } from '../../http/router.js';
import { createLogger } from '../../logger.js';
import { createTestUser, startTestApi, type TestApi } from '../../test-support/harness.js';
import { authenticate } from '../auth/index.js';
import { renderNotice } from '../documents/index.js';
import { createFilesModule, type FilesModule } from './index.js';

// The API from the harness gives the database, the users and the login; the files routes run
// on a second small server with the same middleware as app.ts, until they are wired there.
const MAX_BYTES = 64 * 1024;
let api: TestApi;
let files: FilesModule;
let router: ApiRouter;
let server: http.Server;
let url: string;
let owner: { id: string; token: string };
let other: { id: string; token: string };
let staff: { id: string; username: string; token: string };
let pdf: Buffer;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
// The smallest well-formed baseline JPEG (1×1).
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

async function user(kind: 'person' | 'staff', roles: string[] = []) {
  const u = await createTestUser(api, { kind, roles, ...(kind === 'staff' ? { departments: ['SLQ-SCJG'] } : {}) });
  return { id: u.id, username: u.username, token: await api.login(u.username, u.password) };
}

async function upload(token: string | undefined, bytes: Buffer, name: string, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${url}/api/v1/files`, {
    method: 'POST',
    body: form,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const download = (token: string | undefined, id: string) =>
  fetch(`${url}/api/v1/files/${id}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

const countFiles = async (ownerId: string) =>
  Number(((await api.db('files').where({ owner_id: ownerId }).count({ n: '*' })) as [{ n: string }])[0].n);

before(async () => {
  api = await startTestApi({ FILE_MAX_BYTES: String(MAX_BYTES) });
  owner = await user('person');
  other = await user('person');
  staff = await user('staff', ['clerk']);
  files = createFilesModule({
    db: api.db,
    config: api.config,
    canRead: async (actor, file) => actor.id === staff.id && file.ownerId === owner.id,
  });
  router = new ApiRouter({ verify: () => false }, (req, status) => api.app.audit.flushPending(req, status));
  files.registerRoutes(router);
  const app = express();
  app.use('/api', express.json());
  app.use('/api', authenticate(api.app.auth));
  app.use(api.app.audit.middleware());
  router.mount(app);
  app.use(notFoundHandler);
  app.use(errorHandler(createLogger('silent'), (req, status) => api.app.audit.flushPending(req, status)));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pdf = await renderNotice({
    type: 'not_acceptance',
    noticeNo: '测试〔2026〕第000001号',
    caseNo: 'TEST-FILES-1',
    applicantName: '张三',
    itemName: '测试事项',
    department: '测试局',
    issuedAt: new Date('2026-11-27T00:00:00Z'),
    reason: '测试',
  });
  assert.ok(pdf.length < MAX_BYTES);
});

after(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await api?.close();
});

test('stores a PDF detected from its content and answers 201 with id, name, size, mime and SHA-256', async () => {
  const r = await upload(owner.token, pdf, '不予受理通知书.pdf');
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body).sort(), ['id', 'mime', 'name', 'sha256', 'size']);
  assert.equal(r.body.name, '不予受理通知书.pdf');
  assert.equal(r.body.mime, 'application/pdf');
  assert.equal(r.body.size, pdf.length);
  assert.equal(r.body.sha256, sha256(pdf));

  const row = await api.db('files').where({ id: r.body.id }).first();
  assert.equal(row.owner_id, owner.id);
  assert.equal(row.purpose, 'material');
  assert.equal(row.case_id, null);
  assert.equal(row.storage_path, `${r.body.id.slice(0, 2)}/${r.body.id}`);
  const onDisk = readFileSync(path.join(api.config.files.dir, row.storage_path));
  assert.equal(sha256(onDisk), r.body.sha256);

  const audit = await api.db('audit_log').where({ type: 'file.upload', target: r.body.id }).first();
  assert.equal(audit?.success, true);
});

test('a .pdf name with PNG bytes is stored as image/png, and a JPEG is accepted', async () => {
  const png = await QRCode.toBuffer('https://tongban.example/progress');
  const r = await upload(owner.token, png, 'scan.pdf');
  assert.equal(r.status, 201);
  assert.equal(r.body.mime, 'image/png');
  assert.equal(r.body.name, 'scan.pdf');
  const j = await upload(owner.token, JPEG, 'photo.jpg');
  assert.equal(j.status, 201);
  assert.equal(j.body.mime, 'image/jpeg');
  assert.equal(j.body.sha256, sha256(JPEG));
});

test('refuses a text file named x.pdf and an executable renamed .pdf with 415, storing nothing', async () => {
  const before = await countFiles(other.id);
  const text = await upload(other.token, Buffer.from('just some text, not a PDF\n'.repeat(10)), 'x.pdf');
  assert.equal(text.status, 415);
  assert.equal(text.body.code, 'UNSUPPORTED_FILE_TYPE');
  const exe = await upload(other.token, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512)]), 'invoice.pdf');
  assert.equal(exe.status, 415);
  assert.match(exe.body.details.file, /application\/x-msdownload/);
  assert.equal(await countFiles(other.id), before);
});

test('refuses a file over FILE_MAX_BYTES with 413 FILE_TOO_LARGE, storing nothing', async () => {
  const before = await countFiles(other.id);
  const big = Buffer.concat([pdf, Buffer.alloc(MAX_BYTES)]);
  const r = await upload(other.token, big, 'big.pdf');
  assert.equal(r.status, 413);
  assert.equal(r.body.code, 'FILE_TOO_LARGE');
  assert.equal(await countFiles(other.id), before);
  // Exactly at the limit is still accepted.
  const exact = Buffer.concat([pdf, Buffer.alloc(MAX_BYTES - pdf.length)]);
  assert.equal((await upload(other.token, exact, 'exact.pdf')).status, 201);
});

test('answers 400 VALIDATION_FAILED without a file part, with another field name, or without multipart', async () => {
  const form = new FormData();
  form.append('note', 'no file here');
  const noFile = await fetch(`${url}/api/v1/files`, {
    method: 'POST',
    body: form,
    headers: { Authorization: `Bearer ${owner.token}` },
  });
  assert.equal(noFile.status, 400);
  assert.equal(((await noFile.json()) as { details: Record<string, string> }).details.file !== undefined, true);

  const wrongField = await upload(owner.token, pdf, 'a.pdf', 'attachment');
  assert.equal(wrongField.status, 400);
  assert.equal(wrongField.body.code, 'VALIDATION_FAILED');

  const json = await fetch(`${url}/api/v1/files`, {
    method: 'POST',
    body: JSON.stringify({ file: 'x' }),
    headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'application/json' },
  });
  assert.equal(json.status, 400);
});

test('keeps only the last path segment of the name, without direction overrides', async () => {
  const r = await upload(owner.token, JPEG, 'C:\\fakepath\\..\\营业执照\u202e（副本）.jpg');
  assert.equal(r.status, 201);
  assert.equal(r.body.name, '营业执照（副本）.jpg');
});

test('the owner downloads the exact bytes as an attachment with its UTF-8 name', async () => {
  const up = await upload(owner.token, pdf, '营业执照 副本.pdf');
  const res = await download(owner.token, up.body.id);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(
    res.headers.get('content-disposition'),
    `attachment; filename="____ __.pdf"; filename*=UTF-8''${encodeURIComponent('营业执照 副本.pdf')}`,
  );
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.ok(bytes.equals(pdf));
});

test('another applicant gets 404 for a file they do not own, the same as for an unknown id', async () => {
  const up = await upload(owner.token, JPEG, 'mine.jpg');
  const theirs = await download(other.token, up.body.id);
  assert.equal(theirs.status, 404);
  const unknown = await download(other.token, randomUUID());
  assert.equal(unknown.status, 404);
  assert.deepEqual(await theirs.json(), await unknown.json());
});

test('staff read a file only when the injected authoriser allows it', async () => {
  const mine = await upload(owner.token, JPEG, 'a.jpg');
  assert.equal((await download(staff.token, mine.body.id)).status, 200);
  const notCovered = await upload(other.token, JPEG, 'b.jpg');
  assert.equal((await download(staff.token, notCovered.body.id)).status, 404);
});

test('a row whose bytes are missing answers 500 INTERNAL without sending a partial file', async () => {
  const up = await upload(owner.token, JPEG, 'lost.jpg');
  const row = await api.db('files').where({ id: up.body.id }).first();
  rmSync(path.join(api.config.files.dir, row.storage_path));
  const res = await download(owner.token, up.body.id);
  assert.equal(res.status, 500);
  assert.equal(res.headers.get('content-type')?.startsWith('application/json'), true);
  assert.equal(((await res.json()) as { code: string }).code, 'INTERNAL');
});

test('without a login, upload and download answer 401', async () => {
  const r = await upload(undefined, pdf, 'a.pdf');
  assert.equal(r.status, 401);
  assert.equal(r.body.code, 'UNAUTHENTICATED');
  assert.equal((await download(undefined, randomUUID())).status, 401);
});

test('both routes are declared through the router, so the OpenAPI document lists them', () => {
  const doc = router.openApiDocument('test') as unknown as {
    paths: Record<string, Record<string, { responses: object }>>;
  };
  assert.ok(doc.paths['/api/v1/files']?.post);
  assert.deepEqual(Object.keys(doc.paths['/api/v1/files']?.post?.responses ?? {}).sort(), [
    '201',
    '400',
    '401',
    '413',
    '415',
  ]);
  assert.ok(doc.paths['/api/v1/files/{id}']?.get);
});

test('the case flow finds own unattached materials, attaches them once, and stores generated documents', async () => {
  const a = (await upload(owner.token, JPEG, 'a.jpg')).body.id as string;
  const b = (await upload(owner.token, pdf, 'b.pdf')).body.id as string;
  const foreign = (await upload(other.token, JPEG, 'c.jpg')).body.id as string;
  const item = await api.db('service_items').first('code', 'department_code');
  const [created] = await api
    .db('cases')
    .insert({
      case_no: `T-FILES-${randomUUID().slice(0, 8)}`,
      item_code: item.code,
      department_code: item.department_code,
      applicant_id: owner.id,
      status: 'draft',
    })
    .returning('id');
  const caseId = (created as { id: string }).id;
  try {
    const repo = files.repository;
    await api.db.transaction(async (trx) => {
      const found = await repo.findOwnedUnattached(trx, [a, b, foreign, 'not-a-uuid'], owner.id);
      assert.deepEqual(found.map((f) => f.id).sort(), [a, b].sort());
      assert.equal(await repo.attachToCase(trx, [a, b], caseId), 2);
    });
    await api.db.transaction(async (trx) => {
      assert.deepEqual(await repo.findOwnedUnattached(trx, [a, b], owner.id), []);
      assert.equal(await repo.attachToCase(trx, [a], caseId), 0);
    });

    const docId = await repo.storeGenerated(api.db, {
      ownerId: owner.id,
      caseId,
      name: '受理通知书.pdf',
      bytes: pdf,
      mime: 'application/pdf',
    });
    const doc = await repo.findById(api.db, docId);
    assert.equal(doc?.purpose, 'document');
    assert.equal(doc?.caseId, caseId);
    assert.equal(doc?.sha256, sha256(pdf));
    assert.ok(doc && existsSync(repo.absolutePath(doc)));
    assert.ok(readFileSync(repo.absolutePath(doc as NonNullable<typeof doc>)).equals(pdf));
    assert.equal(await repo.findById(api.db, 'nope'), null);
  } finally {
    await api.db('files').where({ case_id: caseId }).del();
    await api.db('cases').where({ id: caseId }).del();
  }
});
