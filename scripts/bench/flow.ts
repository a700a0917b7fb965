// Flow throughput: N general-approval cases through the Tongban HTTP API (with its workers), then
// the same BPMN driven directly through Camunda's REST API with a minimal in-process external-task
// worker, on the same engine. Prints both throughputs and, last, their ratio.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Latencies, cpuSeconds, rssMiB, table } from './stats.js';
import { withStack, type Stack } from './stack.js';

const ITEM = '11410404MB0000001X4000111001001';
const DEPARTMENT = 'SLQ-SCJG';
const PASSWORD = process.env.TONGBAN_DEMO_PASSWORD ?? 'Tongban@2026';
/** Pause between two looks at a case (both runs use the same). */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 100);
/** Give up on one case after this long. */
const CASE_TIMEOUT_MS = 120_000;

export interface RunResult {
  name: string;
  cases: number;
  completed: number;
  failed: number;
  concurrency: number;
  wallMs: number;
  /** First submission (or process start) to last completion. */
  flowMs: number;
  casesPerMinute: number;
  latencies: Latencies;
  errors: string[];
  /** CPU seconds used during the run: engine, API, workers, this process (the simulated users). */
  cpu?: CpuSample;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new HttpError(res.status, `${what} → ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Runs `total` jobs with `concurrency` workers, each taking the next job number. */
async function pool(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await job(next++);
    }),
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + CASE_TIMEOUT_MS;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

export function pdf(text: string): Buffer {
  const body = `BT /F1 12 Tf 10 50 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${body.length} >>\nstream\n${body}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

// ---------------------------------------------------------------------------------------------
// Tongban: the whole flow over the public HTTP API

export async function runTongban(stack: Stack, cases: number, concurrency: number, tag = ''): Promise<RunResult> {
  const base = `${stack.apiUrl}/api/v1`;
  const lat = new Latencies();
  const errors: string[] = [];
  const t0 = performance.now();

  const call = async <T>(
    kind: string,
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> =>
    lat.time(kind, async () => {
      const res = await fetch(base + path, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return json<T>(res, `${method} ${path}`);
    });

  const login = async (username: string): Promise<string> => {
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    return (await json<{ token: string }>(res, `login ${username}`)).token;
  };
  const [applicant, clerk, approver, lead] = await Promise.all(
    ['applicant1', 'clerk1', 'approver1', 'lead1'].map(login),
  );
  if (!applicant || !clerk || !approver || !lead) throw new Error('login failed');

  const upload = (code: string, i: number): Promise<string> =>
    lat.time('POST /files', async () => {
      const form = new FormData();
      form.set(
        'file',
        new Blob([new Uint8Array(pdf(`bench ${i} ${code}`))], { type: 'application/pdf' }),
        `${code}.pdf`,
      );
      const res = await fetch(`${base}/files`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${applicant}` },
        body: form,
      });
      return (await json<{ id: string }>(res, 'POST /files')).id;
    });

  const openTask = (token: string, caseNo: string, activityId: string) =>
    until(`${activityId} task of ${caseNo}`, async () => {
      const c = await call<{ tasks: { id: string; activityId: string }[] }>(
        'GET /cases/{caseNo}',
        'GET',
        `/cases/${caseNo}`,
        token,
      );
      return c.tasks.find((t) => t.activityId === activityId);
    });

  let firstSubmit = Infinity;
  let lastDone = 0;
  let completed = 0;
  await pool(cases, concurrency, async (i) => {
    try {
      const materials = [];
      for (const code of ['M01', 'M02', 'M03', 'M04']) materials.push({ code, fileIds: [await upload(code, i)] });
      firstSubmit = Math.min(firstSubmit, performance.now());
      const created = await call<{ caseNo: string }>(
        'POST /applications',
        'POST',
        '/applications',
        applicant,
        {
          itemCode: ITEM,
          form: {
            operatorName: `压测餐饮${i}`,
            premisesAddress: '石龙区人民路1号',
            businessScope: '热食类食品制售',
            contactPhone: '13800001234',
          },
          materials,
          submit: true,
        },
        { 'Idempotency-Key': `bench-${process.pid}-${tag}${i}` },
      );
      const caseNo = created.caseNo;
      let task = await openTask(clerk, caseNo, 'acceptance');
      await call('POST /tasks/{id}/actions/accept', 'POST', `/tasks/${task.id}/actions/accept`, clerk, {
        opinion: '予以受理',
      });
      task = await openTask(approver, caseNo, 'review');
      await call('POST /tasks/{id}/actions/approve (review)', 'POST', `/tasks/${task.id}/actions/approve`, approver, {
        opinion: '符合条件',
      });
      task = await openTask(lead, caseNo, 'decision');
      await call('POST /tasks/{id}/actions/approve (decision)', 'POST', `/tasks/${task.id}/actions/approve`, lead, {
        opinion: '同意',
      });
      await until(`${caseNo} completed`, async () => {
        const a = await call<{ status: string }>(
          'GET /applications/{caseNo}',
          'GET',
          `/applications/${caseNo}`,
          applicant,
        );
        return a.status === 'completed' ? true : undefined;
      });
      lastDone = Math.max(lastDone, performance.now());
      completed++;
    } catch (err) {
      errors.push(`case ${i}: ${(err as Error).message}`);
    }
  });
  return result('tongban', cases, completed, concurrency, performance.now() - t0, lastDone - firstSubmit, lat, errors);
}

// ---------------------------------------------------------------------------------------------
// Raw Camunda: the same BPMN through the engine's REST API and a minimal external-task worker

type Vars = Record<string, { value: unknown; type: string }>;

async function runRaw(stack: Stack, cases: number, concurrency: number, tag: string): Promise<RunResult> {
  const lat = new Latencies();
  const errors: string[] = [];
  const auth = 'Basic ' + Buffer.from(`${stack.engineUser}:${stack.enginePassword}`).toString('base64');
  const engine = async <T>(kind: string, method: string, path: string, body?: unknown, signal?: AbortSignal) =>
    lat.time(kind, async () => {
      const res = await fetch(stack.engineUrl + path, {
        method,
        headers: { Authorization: auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
      return json<T>(res, `${method} ${path}`);
    });

  // Every topic of the deployed flow, so that the worker completes whatever the run meets.
  const xml = await engine<{ bpmn20Xml: string }>('GET xml', 'GET', '/process-definition/key/general-approval/xml');
  const topics = [...new Set([...xml.bpmn20Xml.matchAll(/camunda:topic="([^"]+)"/g)].map((m) => m[1] ?? ''))];
  lat.byKind.delete('GET xml');
  const seen = new Map<string, number>();

  const stopWorker = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const workerId = `bench-raw-${process.pid}`;
  const worker = (async () => {
    while (!stopWorker.signal.aborted) {
      let tasks: { id: string; topicName: string }[];
      try {
        tasks = await engine(
          'POST /external-task/fetchAndLock',
          'POST',
          '/external-task/fetchAndLock',
          {
            workerId,
            maxTasks: 10,
            asyncResponseTimeout: 20_000,
            topics: topics.map((topicName) => ({ topicName, lockDuration: 60_000 })),
          },
          stopWorker.signal,
        );
      } catch (err) {
        if (stopWorker.signal.aborted) break;
        errors.push(`fetchAndLock: ${(err as Error).message}`);
        await sleep(500);
        continue;
      }
      for (const t of tasks) {
        seen.set(t.topicName, (seen.get(t.topicName) ?? 0) + 1);
        const p = engine<void>('POST /external-task/{id}/complete', 'POST', `/external-task/${t.id}/complete`, {
          workerId,
        })
          .catch((err: Error) => void errors.push(`complete ${t.topicName}: ${err.message}`))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    }
  })();

  const openTask = (instanceId: string, key: string) =>
    until(`${key} task of ${instanceId}`, async () => {
      const list = await engine<{ id: string }[]>(
        'GET /task?processInstanceId&taskDefinitionKey',
        'GET',
        `/task?processInstanceId=${instanceId}&taskDefinitionKey=${key}`,
      );
      return list[0];
    });
  const complete = (kind: string, taskId: string, variables: Vars) =>
    engine<void>(`POST /task/{id}/complete (${kind})`, 'POST', `/task/${taskId}/complete`, { variables });
  const str = (value: string) => ({ value, type: 'String' });

  const t0 = performance.now();
  let firstStart = Infinity;
  let lastDone = 0;
  let completed = 0;
  try {
    await pool(cases, concurrency, async (i) => {
      try {
        const caseNo = `RAW-${tag}-${String(i).padStart(5, '0')}`;
        firstStart = Math.min(firstStart, performance.now());
        const started = await engine<{ id: string }>(
          'POST /process-definition/key/{key}/start',
          'POST',
          '/process-definition/key/general-approval/start',
          {
            businessKey: caseNo,
            variables: {
              caseNo: str(caseNo),
              departmentCode: str(DEPARTMENT),
              itemCode: str(ITEM),
              instant: { value: false, type: 'Boolean' },
            },
          },
        );
        let task = await openTask(started.id, 'acceptance');
        await complete('acceptance', task.id, { action: str('accept') });
        task = await openTask(started.id, 'review');
        await complete('review', task.id, { action: str('approve') });
        task = await openTask(started.id, 'decision');
        await complete('decision', task.id, { action: str('approve'), decision: str('approved') });
        await until(`${caseNo} ended`, async () => {
          const h = await engine<{ state: string }>(
            'GET /history/process-instance/{id}',
            'GET',
            `/history/process-instance/${started.id}`,
          );
          return h.state === 'COMPLETED' ? true : undefined;
        });
        lastDone = Math.max(lastDone, performance.now());
        completed++;
      } catch (err) {
        errors.push(`instance ${i}: ${(err as Error).message}`);
      }
    });
  } finally {
    stopWorker.abort();
    await worker;
    await Promise.all([...inFlight]);
  }
  lat.byKind.delete('POST /external-task/fetchAndLock'); // long polls: their time is waiting, not work
  const r = result(
    'raw-camunda',
    cases,
    completed,
    concurrency,
    performance.now() - t0,
    lastDone - firstStart,
    lat,
    errors,
  );
  console.log(`[bench] raw worker completed: ${[...seen].map(([t, n]) => `${t} ×${n}`).join(', ')}`);
  return r;
}

function result(
  name: string,
  cases: number,
  completed: number,
  concurrency: number,
  wallMs: number,
  flowMs: number,
  latencies: Latencies,
  errors: string[],
): RunResult {
  return {
    name,
    cases,
    completed,
    failed: cases - completed,
    concurrency,
    wallMs,
    flowMs,
    casesPerMinute: completed > 0 && flowMs > 0 ? completed / (flowMs / 60_000) : 0,
    latencies,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------

function report(runs: RunResult[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const ms = (v: number) => v.toFixed(1);
  const out: string[] = [];
  out.push(
    table(
      [
        'run',
        'cases',
        'failed',
        'concurrency',
        'wall time',
        'first submit → last completion',
        'cases/min',
        'CPU s engine/API/workers/bench',
      ],
      runs.map((r) => [
        r.name,
        r.cases,
        r.failed,
        r.concurrency,
        s(r.wallMs),
        s(r.flowMs),
        r.casesPerMinute.toFixed(1),
        r.cpu ? r.cpu.map((v) => (v === undefined ? '—' : v.toFixed(1))).join(' / ') : '—',
      ]),
    ),
  );
  // On two cores throughput is bought with CPU: the CPU per case says what the throughput ratio
  // tends to once both runs use the whole machine (the database server's own CPU is not counted).
  const perCase = runs.map((r) => ({
    r,
    ms: (r.cpu ?? []).map((v) => (v === undefined || r.completed === 0 ? undefined : (v * 1000) / r.completed)),
  }));
  out.push('');
  out.push('CPU per completed case (ms)');
  out.push(
    table(
      ['run', 'engine', 'API', 'workers', 'simulated users', 'total'],
      perCase.map(({ r, ms: m }) => [
        r.name,
        ...[0, 1, 2, 3].map((i) => (m[i] === undefined ? '—' : (m[i] as number).toFixed(0))),
        total(m).toFixed(0),
      ]),
    ),
  );
  const [t, raw] = perCase.map(({ ms: m }) => total(m));
  if (t && raw) out.push(`CPU per case raw-camunda/tongban: ${(raw / t).toFixed(2)}`);
  for (const r of runs) {
    out.push('');
    out.push(`${r.name}: latency per call (ms)`);
    out.push(
      table(
        ['call', 'calls', 'p50', 'p95', 'p99', 'mean'],
        r.latencies.rows().map((x) => [x.kind, x.calls, ms(x.p50), ms(x.p95), ms(x.p99), ms(x.mean)]),
      ),
    );
  }
  return out.join('\n');
}

function options(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      cases: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
    },
  });
  const cases = Number(values.cases ?? (values.quick ? 40 : 500));
  const concurrency = Number(values.concurrency ?? 8);
  if (!Number.isInteger(cases) || cases < 1) throw new Error('--cases must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive integer');
  // Unmeasured Tongban cases first, so that neither run is measured on a cold engine (the JIT
  // compiles the engine's hot paths during the first cases; the raw run always comes second).
  const warmup = Number(values.warmup ?? Math.min(100, Math.max(20, Math.round(cases / 5))));
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error('--warmup must be a whole number');
  return { cases, concurrency, warmup };
}

/** The issue's goal: Tongban's own work adds at most a fifth to what the engine costs. */
const RATIO_GOAL = 0.8;

/** The Tongban workers' long-poll timeout in this benchmark (their default is 20 s). */
const WORKER_LONG_POLL_MS = 5000;
export const FLOW_WORKER_ENV = { WORKER_ASYNC_RESPONSE_TIMEOUT: String(WORKER_LONG_POLL_MS) };

export async function main(args: string[]): Promise<number> {
  let opts: { cases: number; concurrency: number; warmup: number };
  try {
    opts = options(args);
  } catch (err) {
    console.error(
      `${(err as Error).message}\nusage: npm run bench -- flow [--quick] [--cases N] [--concurrency C] [--warmup N]`,
    );
    return 2;
  }
  const { cases, concurrency, warmup } = opts;
  const tStart = performance.now();
  return withStack({ workerEnv: FLOW_WORKER_ENV }, async (stack) => {
    console.log(`[bench] stack started in ${((performance.now() - tStart) / 1000).toFixed(1)} s`);
    if (warmup > 0) {
      console.log(`[bench] warm-up: ${warmup} Tongban cases, not measured …`);
      const warm = await Promise.race([runTongban(stack, warmup, concurrency, 'warm'), stack.died]);
      if (warm.failed > 0)
        throw new Error(`warm-up: ${warm.failed} cases failed: ${warm.errors.slice(0, 3).join('; ')}`);
    }
    console.log(`[bench] tongban: ${cases} cases, ${concurrency} simulated users …`);
    const cpu0 = cpuNow(stack);
    const memory = watchMemory(stack);
    const tongban = await Promise.race([runTongban(stack, cases, concurrency), stack.died]);
    tongban.cpu = cpuDelta(cpu0, cpuNow(stack));
    memory.stop();
    console.log('[bench] stopping the Tongban workers; the raw run brings its own external-task worker');
    await stack.stopWorkers();
    // A stopped worker's open long poll stays registered in the engine until it times out, and
    // the engine hands the next tasks to it: locked to a dead worker, they would wait for their
    // lock to expire (30 s) and stall the raw run. Wait until those polls are gone.
    console.log(`[bench] waiting ${WORKER_LONG_POLL_MS / 1000 + 1} s for the stopped workers' long polls to expire`);
    await sleep(WORKER_LONG_POLL_MS + 1000);
    console.log(`[bench] raw camunda: ${cases} instances, ${concurrency} drivers …`);
    const cpu1 = cpuNow(stack);
    const raw = await Promise.race([runRaw(stack, cases, concurrency, `${process.pid}`), stack.died]);
    raw.cpu = cpuDelta(cpu1, cpuNow(stack));
    const failed = tongban.failed + raw.failed;
    for (const r of [tongban, raw])
      for (const e of r.errors.slice(0, 5)) console.error(`[bench] ${r.name} error: ${e}`);
    await stack.stop({ keepDir: failed > 0 });
    console.log('');
    console.log(
      `flow throughput: engine and API on ${tongbanDb(process.env.BENCH_DATABASE)}, ${cpus().length} CPUs, poll interval ${POLL_MS} ms`,
    );
    console.log(report([tongban, raw]));
    console.log('');
    console.log(memory.report());
    if (failed > 0) console.log(`WARNING: ${failed} cases failed; these numbers are not a valid measurement.`);
    console.log('');
    const ratio = raw.casesPerMinute > 0 ? tongban.casesPerMinute / raw.casesPerMinute : 0;
    console.log(`flow throughput ratio (tongban/raw-camunda): ${ratio.toFixed(2)}`);
    // Like every benchmark: 1 when a case failed or the goal (a ratio of at least 0.80) is missed.
    return failed > 0 || ratio < RATIO_GOAL ? 1 : 0;
  });
}

type CpuSample = (number | undefined)[];

/** Resident memory of engine, API and workers: at the start of the Tongban run and its peak, sampled every 500 ms. */
function watchMemory(stack: Stack) {
  const pids = [stack.pids.engine, stack.pids.api, stack.pids.workers];
  const sample = () => pids.map(rssMiB);
  const start = sample();
  const peak = [...start];
  const timer = setInterval(() => {
    sample().forEach((v, i) => {
      if (v !== undefined && (peak[i] === undefined || v > (peak[i] as number))) peak[i] = v;
    });
  }, 500);
  timer.unref(); // a run that fails must not be kept alive by the sampling
  const fmt = (xs: (number | undefined)[]) => xs.map((x) => (x === undefined ? '—' : x.toFixed(0))).join(' / ');
  return {
    stop: () => clearInterval(timer),
    report: () =>
      `memory (RSS MiB) engine / API / workers: ${fmt(start)} at the start of the Tongban run (after the warm-up), peak ${fmt(peak)} during it`,
  };
}

function cpuNow(stack: Stack): CpuSample {
  return [stack.pids.engine, stack.pids.api, stack.pids.workers, process.pid].map(cpuSeconds);
}

function cpuDelta(a: CpuSample, b: CpuSample): CpuSample {
  return a.map((v, i) => {
    const w = b[i];
    return v === undefined || w === undefined ? undefined : w - v;
  });
}

function total(xs: (number | undefined)[]): number {
  return xs.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

function tongbanDb(kind: string | undefined): string {
  return kind === 'pg' ? 'PostgreSQL' : 'H2 (engine) + PGlite (API)';
}
