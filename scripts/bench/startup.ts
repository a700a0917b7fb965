// Start-up and footprint: warm `npm start` (engine jar and console already built) to its
// "healthy" line, first on an empty data folder, then reusing it; the resident memory (RSS) of the
// engine, the API and the workers at idle, and its peak under a short throughput run.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTongban } from './flow.js';
import { rssMiB, table } from './stats.js';
import { ROOT, type Stack } from './stack.js';

interface StackLib {
  portFree(port: number): Promise<boolean>;
  ensureJava(): void;
  ensureEngineJar(): void;
  ensureWebBuild(): void;
}
const lib = (await import(new URL('../lib/stack.mjs', import.meta.url).href)) as StackLib;

const log = (msg: string) => process.stdout.write(`[bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(from: number): Promise<number> {
  for (let p = from; p < from + 100; p++) if (await lib.portFree(p)) return p;
  throw new Error(`no free port in ${from}–${from + 99}`);
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** RSS in MiB of a process and its descendants (npm/tsx wrappers start the real process). */
function treeRssMiB(pid: number): number {
  return (rssMiB(pid) ?? 0) + children(pid).reduce((s, c) => s + treeRssMiB(c), 0);
}

type Part = 'engine' | 'api' | 'workers';
const PARTS: Part[] = ['engine', 'api', 'workers'];

/** The three children of start.mjs, by their command lines. */
function parts(startPid: number): Record<Part, number | undefined> {
  const out: Record<Part, number | undefined> = { engine: undefined, api: undefined, workers: undefined };
  for (const c of children(startPid)) {
    const cmd = cmdline(c);
    if (cmd.includes('tongban-engine.jar')) out.engine = c;
    else if (cmd.includes('api/src/main.ts')) out.api = c;
    else if (cmd.includes('workers/src/main.ts')) out.workers = c;
  }
  return out;
}

interface Started {
  child: ChildProcess;
  healthyS: number;
  reportedS: string;
  apiUrl: string;
  output: string[];
}

async function npmStart(env: Record<string, string>, apiUrl: string): Promise<Started> {
  const t0 = performance.now();
  const output: string[] = [];
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start not healthy after 300 s:\n${output.join('')}`)),
      300_000,
    );
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const m = /healthy after ([\d.]+) s/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ child, healthyS: (performance.now() - t0) / 1000, reportedS: m[1] ?? '', apiUrl, output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before healthy:\n${output.join('').slice(-2000)}`));
    });
  });
}

async function stopStart(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { quick: { type: 'boolean', default: false }, cases: { type: 'string' } },
  });
  const quick = values.quick;
  const loadCases = Number(values.cases ?? (quick ? 16 : 100));
  const runs = quick ? ['fresh'] : ['fresh', 'reused', 'fresh', 'reused'];
  const idleWaitMs = quick ? 5_000 : 30_000;
  lib.ensureJava();
  lib.ensureEngineJar();
  lib.ensureWebBuild();
  const base = path.join(ROOT, '.tmp', `bench-startup-${process.pid}`);
  let current: ChildProcess | undefined;
  const onSignal = () => void (current ? stopStart(current) : Promise.resolve()).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const rows: (string | number)[][] = [];
  let loadRow: (string | number)[] | undefined;
  let failed = 0;
  try {
    let dataDir = '';
    for (const [i, kind] of runs.entries()) {
      if (kind === 'fresh') {
        dataDir = path.join(base, `data-${i}`);
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
      const offset = Math.floor(Math.random() * 700);
      const apiPort = await freePort(13300 + offset);
      const enginePort = await freePort(18300 + offset);
      const apiUrl = `http://127.0.0.1:${apiPort}`;
      const load = loadavg()[0] ?? 0;
      log(`run ${i + 1}/${runs.length}: npm start, ${kind} data folder …`);
      const s = await npmStart(
        {
          TONGBAN_DATA_DIR: dataDir,
          API_PORT: String(apiPort),
          ENGINE_PORT: String(enginePort),
          LOGIN_RATE_PER_MINUTE: '10000',
        },
        apiUrl,
      );
      current = s.child;
      const pids = parts(s.child.pid ?? 0);
      await sleep(idleWaitMs);
      const idle = PARTS.map((p) => (pids[p] ? treeRssMiB(pids[p]).toFixed(0) : '—'));
      rows.push([`${i + 1} ${kind}`, load.toFixed(1), s.healthyS.toFixed(1), s.reportedS, idle.join(' / ')]);
      if (i === runs.length - 1) {
        // Peak RSS while whole cases run through the API (sampled every 500 ms).
        log(`throughput load: ${loadCases} cases, 8 simulated users …`);
        const peak: Record<Part, number> = { engine: 0, api: 0, workers: 0 };
        let running = true;
        const sampler = (async () => {
          while (running) {
            for (const p of PARTS) if (pids[p]) peak[p] = Math.max(peak[p], treeRssMiB(pids[p]));
            await sleep(500);
          }
        })();
        const stack = { apiUrl } as Stack;
        const r = await runTongban(stack, loadCases, 8, `startup-${process.pid}-`);
        running = false;
        await sampler;
        failed += r.failed;
        for (const e of r.errors.slice(0, 3)) console.error(`[bench] error: ${e}`);
        loadRow = [
          `${r.completed}/${loadCases} cases`,
          r.casesPerMinute.toFixed(1),
          PARTS.map((p) => peak[p].toFixed(0)).join(' / '),
          PARTS.map((p) => (pids[p] ? treeRssMiB(pids[p]).toFixed(0) : '—')).join(' / '),
        ];
      }
      await stopStart(s.child);
      current = undefined;
    }
    fs.rmSync(base, { recursive: true, force: true });
    console.log('');
    console.log(
      `start-up and footprint: warm \`npm start\` (H2 + PGlite), ${cpus().length} CPUs; RSS ${idleWaitMs / 1000} s after healthy`,
    );
    console.log(
      table(
        ['run', 'load before', 'to healthy s (measured)', '"healthy after" s', 'idle RSS MiB engine / API / workers'],
        rows,
      ),
    );
    if (loadRow) {
      console.log('');
      console.log(
        table(['under load', 'cases/min', 'peak RSS MiB engine / API / workers', 'after the run'], [loadRow]),
      );
    }
    if (failed > 0) console.log(`WARNING: ${failed} cases failed during the load.`);
    return failed > 0 ? 1 : 0;
  } catch (err) {
    console.error(`[bench] ${(err as Error).stack ?? String(err)}`);
    if (current) await stopStart(current);
    console.error(`[bench] data kept in ${base}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
