// `npm run test:chaos`: fault injection while cases run, then a reconciliation report.
//
// Everything runs on loopback with its own PostgreSQL cluster (created with pg_createcluster on a
// free port and dropped at the end, so that restarting PostgreSQL does not disturb anything else on
// the machine): two engine nodes on one engine database (a homogeneous Camunda cluster, job
// executor on both), one API, two worker processes (one per engine node). While simulated users
// drive cases through the API, the run kills a worker with SIGKILL, kills and restarts engine node
// A, kills and restarts the API, and restarts PostgreSQL with `pg_ctlcluster … restart`. Some
// cases are sent to correction and their deadline timer is moved to now, so that both nodes' job
// executors compete for it. Bounded in time; stops by itself. Last line:
// `reliability: <cases> cases, <lost> lost, <duplicated> duplicated, <stuck> stuck`.
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pdf } from '../bench/flow.js';

interface StackLib {
  ROOT: string;
  ensureJava(): void;
  ensureEngineJar(): void;
  portFree(port: number): Promise<boolean>;
  engineJavaArgs(): string[];
  engineUp(url: string, user: string, password: string): Promise<boolean>;
  waitFor(check: () => Promise<boolean>, o: { timeoutMs: number; what: string; child?: ChildProcess }): Promise<void>;
  startChild(
    name: string,
    cmd: string,
    args: string[],
    o: { env: Record<string, string>; logFile: string },
  ): ChildProcess;
  stopChild(child: ChildProcess | undefined, timeoutMs?: number): Promise<void>;
}
const lib = (await import(new URL('../lib/stack.mjs', import.meta.url).href)) as StackLib;

const ITEM = '11410404MB0000001X4000111001001';
const PASSWORD = 'Tongban@2026';
const TERMINAL = new Set(['not_accepted', 'completed', 'voided', 'withdrawn', 'archived']);
const HARD_LIMIT_MS = 15 * 60_000;

const t0 = Date.now();
const log = (msg: string) =>
  process.stdout.write(`[chaos ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(from: number): Promise<number> {
  for (let p = from; p < from + 200; p++) if (await lib.portFree(p)) return p;
  throw new Error(`no free port in ${from}–${from + 199}`);
}

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// ---------------------------------------------------------------------------------------------
// The processes

class Chaos {
  readonly run = `${process.pid}${Date.now().toString(36)}`;
  readonly cluster = `tbchaos${process.pid}`;
  readonly dir = path.join(lib.ROOT, '.tmp', `chaos-${process.pid}`);
  readonly token = randomBytes(24).toString('base64url');
  readonly engineUser = 'tongban';
  readonly enginePassword = `chaos-${randomBytes(9).toString('base64url')}`;
  pgPort = 0;
  apiPort = 0;
  enginePorts: [number, number] = [0, 0];
  procs: Record<string, ChildProcess | undefined> = {};
  clusterCreated = false;
  stopping = false;

  get apiUrl() {
    return `http://127.0.0.1:${this.apiPort}`;
  }
  engineUrl(i: 0 | 1) {
    return `http://127.0.0.1:${this.enginePorts[i]}/engine-rest`;
  }
  dbUrl(name: string) {
    return `postgres://postgres@127.0.0.1:${this.pgPort}/${name}`;
  }

  async createCluster(): Promise<void> {
    this.pgPort = await freePort(55400 + Math.floor(Math.random() * 400));
    sh('pg_createcluster', ['15', this.cluster, '-p', String(this.pgPort), '--', '--auth=trust']);
    this.clusterCreated = true;
    sh('pg_ctlcluster', ['15', this.cluster, 'start']);
    const c = new pg.Client({ connectionString: this.dbUrl('postgres') });
    await c.connect();
    await c.query('CREATE DATABASE engine');
    await c.query('CREATE DATABASE api');
    await c.end();
    log(`PostgreSQL cluster 15/${this.cluster} on port ${this.pgPort} (databases engine, api)`);
  }

  async startEngine(i: 0 | 1): Promise<void> {
    const name = `engine${i === 0 ? 'A' : 'B'}`;
    this.procs[name] = lib.startChild(name, 'java', lib.engineJavaArgs(), {
      env: {
        TONGBAN_DATA_DIR: this.dir,
        ENGINE_PORT: String(this.enginePorts[i]),
        ENGINE_USER: this.engineUser,
        ENGINE_PASSWORD: this.enginePassword,
        ENGINE_DB_URL: `jdbc:postgresql://127.0.0.1:${this.pgPort}/engine`,
        ENGINE_DB_USER: 'postgres',
        ENGINE_DB_PASSWORD: '',
      },
      logFile: path.join(this.dir, `${name}.log`),
    });
    await lib.waitFor(() => lib.engineUp(this.engineUrl(i), this.engineUser, this.enginePassword), {
      timeoutMs: 300_000,
      what: name,
      child: this.procs[name],
    });
  }

  async startApi(): Promise<void> {
    this.procs.api = lib.startChild('api', process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
      env: {
        TONGBAN_DATA_DIR: this.dir,
        ENGINE_URL: this.engineUrl(0),
        ENGINE_USER: this.engineUser,
        ENGINE_PASSWORD: this.enginePassword,
        TONGBAN_WORKER_TOKEN: this.token,
        DATABASE_URL: this.dbUrl('api'),
        TONGBAN_DEMO: 'true',
        API_HOST: '127.0.0.1',
        API_PORT: String(this.apiPort),
        LOGIN_RATE_PER_MINUTE: '10000',
        LOG_LEVEL: 'warn',
      },
      logFile: path.join(this.dir, 'api.log'),
    });
    const ours = () =>
      fetch(`${this.apiUrl}/api/v1/internal/cases/CHAOS-PROBE-0000/sync`, {
        method: 'POST',
        headers: { 'X-Tongban-Worker-Token': this.token },
      }).then((r) => r.status === 204);
    await lib.waitFor(ours, { timeoutMs: 300_000, what: 'the API', child: this.procs.api });
  }

  startWorker(i: 0 | 1): void {
    const name = `worker${i + 1}`;
    this.procs[name] = lib.startChild(name, process.execPath, ['--import', 'tsx', 'workers/src/main.ts'], {
      env: {
        ENGINE_URL: this.engineUrl(i),
        ENGINE_USER: this.engineUser,
        ENGINE_PASSWORD: this.enginePassword,
        API_URL: this.apiUrl,
        TONGBAN_WORKER_TOKEN: this.token,
        WORKER_ID: `chaos-${name}-${this.run}`,
        // Short retries, so that a failure during an outage is retried within the run.
        WORKER_RETRY_BASE_MS: '2000',
        WORKER_RETRIES: '5',
        LOG_LEVEL: 'info',
      },
      logFile: path.join(this.dir, `${name}.log`),
    });
  }

  async healthy(): Promise<boolean> {
    try {
      const h = (await (await fetch(`${this.apiUrl}/api/v1/health`, { signal: AbortSignal.timeout(5000) })).json()) as {
        status: string;
      };
      return h.status === 'ok';
    } catch {
      return false;
    }
  }

  async waitHealthy(what: string): Promise<void> {
    await lib.waitFor(() => this.healthy(), { timeoutMs: 300_000, what });
  }

  kill9(name: string): void {
    const p = this.procs[name];
    if (p?.pid) process.kill(p.pid, 'SIGKILL');
  }

  async waitExit(name: string): Promise<void> {
    const p = this.procs[name];
    if (!p || p.exitCode !== null || p.signalCode) return;
    await new Promise<void>((r) => p.once('exit', () => r()));
  }

  async stop(keepDir: boolean): Promise<void> {
    this.stopping = true;
    for (const name of ['worker1', 'worker2', 'api', 'engineB', 'engineA']) await lib.stopChild(this.procs[name]);
    if (this.clusterCreated) {
      try {
        sh('pg_dropcluster', ['--stop', '15', this.cluster]);
      } catch (err) {
        log(`could not drop cluster 15/${this.cluster}: ${(err as Error).message}`);
      }
    }
    if (keepDir) log(`logs kept in ${this.dir}`);
    else fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Simulated users that survive outages: every step is retried until it succeeds or the case is
// past it, and a case is driven by what the API says it is waiting for.

interface Driven {
  i: number;
  key: string;
  caseNo?: string;
  timer: boolean;
  done: boolean;
  error?: string;
}

class Users {
  tokens: Record<string, string> = {};
  constructor(private readonly chaos: Chaos) {}

  async call<T>(method: string, p: string, user: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.chaos.apiUrl + p, {
      method,
      headers: {
        Authorization: `Bearer ${this.tokens[user] ?? ''}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, text };
  }

  async login(user: string): Promise<void> {
    for (;;) {
      try {
        const res = await fetch(`${this.chaos.apiUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: user, password: PASSWORD }),
        });
        if (res.ok) {
          this.tokens[user] = ((await res.json()) as { token: string }).token;
          return;
        }
      } catch {
        /* API down */
      }
      await sleep(1000);
    }
  }

  async upload(code: string): Promise<string> {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(pdf(`chaos ${code}`))], { type: 'application/pdf' }), `${code}.pdf`);
    const res = await fetch(`${this.chaos.apiUrl}/api/v1/files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.tokens.applicant1 ?? ''}` },
      body: form,
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`upload → ${res.status}`);
    return ((await res.json()) as { id: string }).id;
  }

  /** Retries `step` (network errors, 5xx, 401 after a restart) until it returns a value. */
  async retry<T>(what: string, deadline: number, step: () => Promise<T | undefined>): Promise<T> {
    for (;;) {
      try {
        const v = await step();
        if (v !== undefined) return v;
      } catch {
        /* an outage: try again */
      }
      if (Date.now() > deadline) throw new Error(`gave up: ${what}`);
      await sleep(300);
    }
  }

  async drive(c: Driven, deadline: number, moveTimer: (caseNo: string) => Promise<boolean>): Promise<void> {
    const materials = await this.retry('upload', deadline, async () => {
      const out = [];
      for (const code of ['M01', 'M02', 'M03', 'M04']) out.push({ code, fileIds: [await this.upload(code)] });
      return out;
    });
    c.caseNo = await this.retry('submit', deadline, async () => {
      const r = await this.call<{ caseNo: string }>(
        'POST',
        '/api/v1/applications',
        'applicant1',
        {
          itemCode: ITEM,
          form: {
            operatorName: `混沌测试${c.key}`,
            premisesAddress: '石龙区人民路1号',
            businessScope: '热食类食品制售',
            contactPhone: '13800001234',
          },
          materials,
          submit: true,
        },
        { 'Idempotency-Key': c.key },
      );
      return r.status === 201 || r.status === 200 ? r.body.caseNo : undefined;
    });
    let timerMoved = false;
    while (Date.now() < deadline) {
      let view: { status: string; tasks: { id: string; activityId: string }[] } | undefined;
      try {
        const r = await this.call<typeof view>('GET', `/api/v1/cases/${c.caseNo}`, 'auditor1');
        if (r.status === 200) view = r.body;
        else if (r.status === 401) await this.login('auditor1');
      } catch {
        /* outage */
      }
      if (view && TERMINAL.has(view.status)) {
        c.done = true;
        return;
      }
      const task = view?.tasks[0];
      try {
        if (view?.status === 'correction_required' && c.timer && !timerMoved) timerMoved = await moveTimer(c.caseNo);
        else if (task) {
          const [user, action, body] =
            task.activityId === 'acceptance'
              ? c.timer
                ? ['clerk1', 'requestCorrection', { items: [{ materialCode: 'M02', reason: '复印件不清晰' }] }]
                : ['clerk1', 'accept', { opinion: '予以受理' }]
              : task.activityId === 'review'
                ? ['approver1', 'approve', { opinion: '符合条件' }]
                : ['lead1', 'approve', { opinion: '同意' }];
          const r = await this.call('POST', `/api/v1/tasks/${task.id}/actions/${action}`, user, body);
          if (r.status === 401) await this.login(user);
        }
      } catch {
        /* outage; the next look decides */
      }
      await sleep(300);
    }
    throw new Error(`case ${c.caseNo} not finished in time`);
  }
}

// ---------------------------------------------------------------------------------------------

interface Report {
  cases: number;
  lost: string[];
  duplicated: string[];
  stuck: string[];
  notes: string[];
  problems: string[];
  /** Cases waiting at an open incident: not stuck (an operator sees them), but worth a look. */
  incidents: number;
}

async function reconcile(chaos: Chaos, users: Users, driven: Driven[]): Promise<Report> {
  const api = new pg.Client({ connectionString: chaos.dbUrl('api') });
  const eng = new pg.Client({ connectionString: chaos.dbUrl('engine') });
  await api.connect();
  await eng.connect();
  const rep: Report = {
    cases: driven.length,
    lost: [],
    duplicated: [],
    stuck: [],
    notes: [],
    problems: [],
    incidents: 0,
  };
  try {
    const cases = (
      await api.query<{ id: string; case_no: string; status: string; process_instance_id: string | null; op: string }>(
        `SELECT id, case_no, status, process_instance_id, form->>'operatorName' AS op FROM cases
         WHERE form->>'operatorName' LIKE '混沌测试%'`,
      )
    ).rows;
    const byOp = new Map<string, typeof cases>();
    for (const c of cases) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);
    const procs = (
      await eng.query<{ id_: string; business_key_: string | null; end_time_: Date | null; state_: string }>(
        `SELECT id_, business_key_, end_time_, state_ FROM act_hi_procinst`,
      )
    ).rows;
    const procsByKey = new Map<string, typeof procs>();
    for (const p of procs) procsByKey.set(p.business_key_ ?? '', [...(procsByKey.get(p.business_key_ ?? '') ?? []), p]);
    const caseNos = new Set(cases.map((c) => c.case_no));

    for (const d of driven) {
      const mine = byOp.get(`混沌测试${d.key}`) ?? [];
      if (mine.length === 0) {
        // Never stored: lost only if the API had said it was (the user got a case number).
        if (d.caseNo) rep.lost.push(`${d.key}: ${d.caseNo} acknowledged but not in the database`);
        else rep.notes.push(`${d.key}: never submitted (${d.error ?? 'no answer'})`);
        continue;
      }
      if (mine.length > 1)
        rep.duplicated.push(`${d.key}: ${mine.length} cases ${mine.map((m) => m.case_no).join(', ')}`);
      for (const c of mine) {
        const ps = procsByKey.get(c.case_no) ?? [];
        if (ps.length > 1) rep.duplicated.push(`${c.case_no}: ${ps.length} process instances`);
        if (ps.length === 0 || !ps.some((p) => p.id_ === c.process_instance_id)) {
          rep.lost.push(`${c.case_no}: no process instance ${c.process_instance_id ?? '(none recorded)'}`);
          continue;
        }
        const p = ps.find((x) => x.id_ === c.process_instance_id);
        if (TERMINAL.has(c.status)) {
          if (!p?.end_time_) rep.stuck.push(`${c.case_no}: case ${c.status} but its instance still runs`);
          continue;
        }
        // Not finished: waiting at a task or message that exists in the engine, or an incident.
        const pid = c.process_instance_id;
        const [tasks, subs, incidents, openRead] = await Promise.all([
          eng.query(`SELECT id_ FROM act_ru_task WHERE proc_inst_id_ = $1`, [pid]),
          eng.query(`SELECT id_ FROM act_ru_event_subscr WHERE proc_inst_id_ = $1`, [pid]),
          eng.query(`SELECT activity_id_, incident_msg_ FROM act_ru_incident WHERE proc_inst_id_ = $1`, [pid]),
          api.query(`SELECT task_id FROM case_tasks WHERE case_id = $1 AND closed_at IS NULL`, [c.id]),
        ]);
        const engineTasks = new Set(tasks.rows.map((r: { id_: string }) => r.id_));
        const readModelOk = openRead.rows.every((r: { task_id: string }) => engineTasks.has(r.task_id));
        if (incidents.rowCount) {
          const what = incidents.rows
            .map((r: { activity_id_: string; incident_msg_: string | null }) => `${r.activity_id_}: ${r.incident_msg_}`)
            .join('; ');
          rep.notes.push(`${c.case_no}: ${c.status}, open incident (visible in the engine) at ${what}`);
          rep.incidents++;
        } else if ((tasks.rowCount || subs.rowCount) && readModelOk)
          rep.notes.push(`${c.case_no}: ${c.status}, waiting at a task or message that exists`);
        else rep.stuck.push(`${c.case_no}: ${c.status}, nothing to wait for in the engine`);
      }
    }
    // Every engine instance matched by a case.
    for (const [key, ps] of procsByKey) {
      if (caseNos.has(key)) continue;
      const ours = (await api.query(`SELECT 1 FROM cases WHERE case_no = $1`, [key])).rowCount;
      if (!ours) rep.duplicated.push(`engine instance ${ps[0]?.id_} (business key ${key || '—'}) has no case`);
    }
    // No notification twice, no task processed twice, no timer fired twice.
    const dupNotes = await api.query(
      `SELECT case_id, template, user_id, channel, count(*) AS n FROM notifications
       WHERE case_id IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`,
    );
    for (const r of dupNotes.rows as { template: string; n: string }[])
      rep.problems.push(`notification ${r.template} ${r.n}×`);
    const dupTopics = await api.query(
      `SELECT case_no, topic, count(*) AS n FROM topic_executions GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    for (const r of dupTopics.rows as { case_no: string; topic: string; n: string }[])
      rep.problems.push(`${r.case_no}: topic ${r.topic} executed ${r.n}×`);
    const dupActs = await eng.query(
      `SELECT proc_inst_id_, act_id_, count(*) AS n FROM act_hi_actinst
       WHERE act_type_ IN ('serviceTask', 'externalTask', 'boundaryTimer', 'intermediateTimer')
       GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    for (const r of dupActs.rows as { proc_inst_id_: string; act_id_: string; n: string }[])
      rep.problems.push(`instance ${r.proc_inst_id_}: ${r.act_id_} ran ${r.n}×`);
    const timers = await eng.query(
      `SELECT count(*)::int AS n FROM act_hi_actinst WHERE act_id_ = 'Timer_correctionDeadline'`,
    );
    const timerJobs = await eng.query(
      `SELECT job_id_, count(*) AS n FROM act_hi_job_log WHERE job_def_type_ LIKE 'timer%' AND job_state_ = 2
       GROUP BY 1 HAVING count(*) > 1`,
    );
    for (const r of timerJobs.rows as { job_id_: string; n: string }[])
      rep.problems.push(`timer job ${r.job_id_} succeeded ${r.n}×`);
    rep.notes.push(
      `deadline timers fired: ${(timers.rows[0] as { n: number }).n} of ${driven.filter((d) => d.timer).length} moved`,
    );
    const byWorker = await eng.query(
      `SELECT worker_id_, count(*)::int AS n FROM act_hi_ext_task_log WHERE state_ = 2 GROUP BY 1 ORDER BY 1`,
    );
    rep.notes.push(
      `external tasks completed by worker: ${byWorker.rows
        .map((r: { worker_id_: string; n: number }) => `${r.worker_id_} ${r.n}`)
        .join(', ')}`,
    );
    // The audit chain.
    await users.login('auditadmin1');
    const v = await users.call<{ ok: boolean; checked: number }>('GET', '/api/v1/audit/verify', 'auditadmin1');
    if (v.status !== 200 || !v.body.ok) rep.problems.push(`audit chain: ${v.status} ${v.text.slice(0, 200)}`);
    else rep.notes.push(`audit chain intact (${v.body.checked} records checked)`);
  } finally {
    await api.end();
    await eng.end();
  }
  return rep;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { cases: { type: 'string' }, users: { type: 'string' } },
  });
  const total = Number(values.cases ?? 20);
  const concurrency = Number(values.users ?? 4);
  const chaos = new Chaos();
  const hardStop = setTimeout(() => {
    log('hard time limit reached: stopping');
    void chaos.stop(true).finally(() => process.exit(3));
  }, HARD_LIMIT_MS);
  hardStop.unref();
  const onSignal = () => void chaos.stop(true).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    lib.ensureJava();
    lib.ensureEngineJar();
    fs.mkdirSync(chaos.dir, { recursive: true });
    log(
      `${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)}; logs in ${path.relative(lib.ROOT, chaos.dir)}`,
    );
    await chaos.createCluster();
    const offset = Math.floor(Math.random() * 600);
    chaos.enginePorts = [await freePort(18300 + offset), await freePort(18300 + offset + 1)];
    if (chaos.enginePorts[1] === chaos.enginePorts[0]) chaos.enginePorts[1] = await freePort(chaos.enginePorts[0] + 1);
    chaos.apiPort = await freePort(13300 + offset);
    log(`engine node A on ${chaos.enginePorts[0]} …`);
    await chaos.startEngine(0);
    log(`engine node B on ${chaos.enginePorts[1]} (same database) …`);
    await chaos.startEngine(1);
    log(`API on ${chaos.apiPort} (engine node A) …`);
    await chaos.startApi();
    chaos.startWorker(0);
    chaos.startWorker(1);
    await chaos.waitHealthy('the workers');
    log('stack healthy: 2 engine nodes, API, 2 workers');

    const users = new Users(chaos);
    for (const u of ['applicant1', 'clerk1', 'approver1', 'lead1', 'auditor1']) await users.login(u);
    const auth = 'Basic ' + Buffer.from(`${chaos.engineUser}:${chaos.enginePassword}`).toString('base64');
    // The deadline timer of a case waiting for corrections, moved to now through node B.
    const moveTimer = async (caseNo: string): Promise<boolean> => {
      const e = chaos.engineUrl(1);
      const inst = (await (
        await fetch(`${e}/process-instance?businessKey=${caseNo}`, { headers: { Authorization: auth } })
      ).json()) as { id: string }[];
      if (!inst[0]) return false;
      const jobs = (await (
        await fetch(`${e}/job?processInstanceId=${inst[0].id}&timers=true`, { headers: { Authorization: auth } })
      ).json()) as { id: string }[];
      if (!jobs[0]) return false;
      const now = new Date(Date.now() - 1000).toISOString().replace('Z', '+0000');
      const r = await fetch(`${e}/job/${jobs[0].id}/duedate`, {
        method: 'PUT',
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ duedate: now }),
      });
      return r.status === 204;
    };

    // Users start new cases as long as faults are still being injected (and at least `total`).
    const driven: Driven[] = [];
    let faultsDone = false;
    const deadline = Date.now() + 10 * 60_000;
    const progress = () =>
      `${driven.filter((d) => d.done).length} of ${driven.length} cases started so far have reached their end`;
    const load = Promise.all(
      Array.from({ length: concurrency }, async () => {
        while ((!faultsDone || driven.length < total) && Date.now() < deadline - 120_000) {
          const i = driven.length;
          const c: Driven = { i, key: `chaos-${chaos.run}-${i}`, timer: i % 5 === 4, done: false };
          driven.push(c);
          try {
            await users.drive(c, deadline, moveTimer);
          } catch (err) {
            c.error = (err as Error).message;
          }
        }
      }),
    );

    // The faults, one after the other, each once the system is healthy again.
    const faults = (async () => {
      await sleep(10_000);
      log('fault 1: kill -9 worker1');
      chaos.kill9('worker1');
      await chaos.waitExit('worker1');
      await sleep(3000);
      chaos.startWorker(0);
      await chaos.waitHealthy('health after worker1 restart');
      log('worker1 restarted');
      await sleep(10_000);
      log('fault 2: kill -9 engine node A (the API’s engine), then start it again');
      chaos.kill9('engineA');
      await chaos.waitExit('engineA');
      await chaos.startEngine(0);
      await chaos.waitHealthy('health after engine restart');
      log('engine node A back');
      await sleep(10_000);
      log('fault 3: kill -9 the API, then start it again');
      chaos.kill9('api');
      await chaos.waitExit('api');
      await chaos.startApi();
      await chaos.waitHealthy('health after API restart');
      log('API back');
      await sleep(10_000);
      log(`fault 4: pg_ctlcluster 15 ${chaos.cluster} restart`);
      const tr = Date.now();
      sh('pg_ctlcluster', ['15', chaos.cluster, 'restart']);
      log(`PostgreSQL restarted in ${((Date.now() - tr) / 1000).toFixed(1)} s`);
      await chaos.waitHealthy('health after PostgreSQL restart');
      log('healthy after the PostgreSQL restart');
      // Keep the users going a while, so that cases also run across the restart.
      await sleep(30_000);
    })();
    const ticker = setInterval(() => log(progress()), 30_000);
    await faults.finally(() => (faultsDone = true));
    await load;
    clearInterval(ticker);
    log(`load finished: ${progress()}`);
    // Let workers finish what is in flight (completion notices) before counting.
    await sleep(10_000);
    const rep = await reconcile(chaos, users, driven);
    for (const n of rep.notes) log(`note: ${n}`);
    for (const e of driven.filter((d) => d.error)) log(`driver: ${e.key} ${e.caseNo ?? ''}: ${e.error}`);
    for (const l of rep.lost) log(`LOST: ${l}`);
    for (const d of rep.duplicated) log(`DUPLICATED: ${d}`);
    for (const s of rep.stuck) log(`STUCK: ${s}`);
    for (const p of rep.problems) log(`PROBLEM: ${p}`);
    const ok = rep.lost.length + rep.duplicated.length + rep.stuck.length + rep.problems.length === 0;
    // The logs stay for anything worth a look: a failure, an incident, a driver that gave up.
    await chaos.stop(!ok || rep.incidents > 0 || driven.some((d) => d.error));
    console.log('');
    console.log(
      `reliability: ${rep.cases} cases, ${rep.lost.length} lost, ${rep.duplicated.length} duplicated, ${rep.stuck.length} stuck`,
    );
    return ok ? 0 : 1;
  } catch (err) {
    log(`run failed: ${(err as Error).stack ?? String(err)}`);
    await chaos.stop(true);
    return 2;
  } finally {
    clearTimeout(hardStop);
  }
}

process.exit(await main());
