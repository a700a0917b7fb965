import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { WORKER_TOKEN, type TestApi } from './harness.js';

/** Starts the real worker process against the in-process test API and the test engine. */
export function startWorkers(api: TestApi, env: Record<string, string> = {}): ChildProcess & { stop(): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('workers/src/main.ts')], {
    env: {
      ...process.env,
      API_URL: api.url,
      TONGBAN_WORKER_TOKEN: WORKER_TOKEN,
      ENGINE_URL: api.config.engine.url,
      ENGINE_USER: api.config.engine.user,
      ENGINE_PASSWORD: api.config.engine.password,
      WORKER_ASYNC_RESPONSE_TIMEOUT: '5000',
      WORKER_RETRY_BASE_MS: '500',
      LOG_LEVEL: process.env.WORKER_LOG_LEVEL ?? 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return Object.assign(child, {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  // Longer than one external-task lock (30 s): a worker killed by an earlier test of the same engine
  // may have had a long poll open, and the engine can still hand it the next task; that task then
  // waits out its lock before a live worker gets it.
  timeoutMs = 75_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** Uploads a small file as the given user; returns its id. */
export async function upload(
  api: TestApi,
  token: string,
  name: string,
  bytes: Buffer,
  mime = 'application/pdf',
): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)], { type: mime }), name);
  const res = await fetch(`${api.url}/api/v1/files`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  const body = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** A minimal valid PDF document. */
export function tinyPdf(text = 'Tongban test material'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length + 30} >>\nstream\nBT /F1 12 Tf 10 50 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A call to the test engine's REST API as the technical user; `actor` is sent as X-Tongban-Actor. */
export function engineRequest(
  api: TestApi,
  method: string,
  path: string,
  body?: unknown,
  actor?: string,
): Promise<Response> {
  const { url, user, password } = api.config.engine;
  return fetch(url + path, {
    method,
    headers: {
      Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64'),
      ...(actor ? { 'X-Tongban-Actor': actor } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** 食品经营许可, the general-approval item of the demo data, and a valid form for it. */
export const FOOD_ITEM = '11410404MB0000001X4000111001001';
export const FOOD_FORM = {
  operatorName: '石龙区味道餐饮',
  premisesAddress: '石龙区人民路1号',
  businessScope: '热食类食品制售',
  contactPhone: '13800001234',
};

/** Submits a 食品经营许可 application with its four materials as the given applicant; returns the case number. */
export async function submitFoodCase(api: TestApi, token: string): Promise<string> {
  const materials = [];
  for (const code of ['M01', 'M02', 'M03', 'M04'])
    materials.push({ code, fileIds: [await upload(api, token, `${code}.pdf`, tinyPdf(code))] });
  const r = await api.call('POST', '/api/v1/applications', {
    token,
    body: { itemCode: FOOD_ITEM, form: FOOD_FORM, materials, submit: true },
  });
  if (r.status !== 201) throw new Error(`submission failed: ${r.status} ${r.text}`);
  return r.body.caseNo as string;
}
