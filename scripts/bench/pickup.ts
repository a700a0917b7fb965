// Worker pickup: time from the engine creating an external task (its creation entry in the
// engine's external-task history log) to a Tongban worker's handler starting on it (the workers'
// `task started` debug line), over whole general-approval cases driven through the API: first one
// case at a time (idle workers waiting in a long poll), then several at once (busy workers).
import fs from 'node:fs';
import path from 'node:path';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runTongban } from './flow.js';
import { percentile, table } from './stats.js';
import { withStack, type Stack } from './stack.js';

const log = (msg: string) => process.stdout.write(`[bench] ${msg}\n`);

interface Started {
  taskId: string;
  topic: string;
  at: number;
}

/** First `task started` line per task in the workers' log (pino JSON, `time` in epoch ms). */
function startedTasks(logFile: string): Map<string, Started> {
  const out = new Map<string, Started>();
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('"task started"')) continue;
    try {
      const j = JSON.parse(line) as { time: number; taskId: string; topic: string };
      if (!out.has(j.taskId)) out.set(j.taskId, { taskId: j.taskId, topic: j.topic, at: j.time });
    } catch {
      /* a partial line */
    }
  }
  return out;
}

/** The engine's date format `2026-11-27T07:40:00.123+0000` as epoch ms. */
const engineTime = (s: string) => Date.parse(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

async function creations(stack: Stack): Promise<Map<string, number>> {
  const auth = 'Basic ' + Buffer.from(`${stack.engineUser}:${stack.enginePassword}`).toString('base64');
  const out = new Map<string, number>();
  for (let first = 0; ; first += 500) {
    const res = await fetch(
      `${stack.engineUrl}/history/external-task-log?creationLog=true&firstResult=${first}&maxResults=500`,
      { headers: { Authorization: auth } },
    );
    if (!res.ok) throw new Error(`GET /history/external-task-log → ${res.status}`);
    const page = (await res.json()) as { externalTaskId: string; timestamp: string }[];
    for (const e of page) if (!out.has(e.externalTaskId)) out.set(e.externalTaskId, engineTime(e.timestamp));
    if (page.length < 500) return out;
  }
}

interface Phase {
  name: string;
  cases: number;
  concurrency: number;
}

/** The workers log each handler's start (debug), which is where the pickup time ends. */
export const PICKUP_WORKER_ENV = { LOG_LEVEL: 'debug' };

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { quick: { type: 'boolean', default: false }, cases: { type: 'string' } },
  });
  const busyCases = Number(values.cases ?? (values.quick ? 24 : 120));
  if (!Number.isInteger(busyCases) || busyCases < 1) {
    console.error('usage: npm run bench -- pickup [--quick] [--cases N]');
    return 2;
  }
  const phases: Phase[] = [
    { name: 'idle (1 case at a time)', cases: values.quick ? 8 : 20, concurrency: 1 },
    { name: 'busy (8 cases at a time)', cases: busyCases, concurrency: 8 },
  ];
  const load0 = loadavg()[0] ?? 0;
  return withStack({ workerEnv: PICKUP_WORKER_ENV }, async (stack) => {
    const workersLog = path.join(stack.dir, 'workers.log');
    const rows: (string | number)[][] = [];
    const medians: number[] = [];
    let failed = 0;
    let seen = new Set<string>();
    for (const phase of phases) {
      log(`${phase.name}: ${phase.cases} cases …`);
      const r = await Promise.race([
        runTongban(stack, phase.cases, phase.concurrency, `${phases.indexOf(phase)}-`),
        stack.died,
      ]);
      failed += r.failed;
      for (const e of r.errors.slice(0, 3)) console.error(`[bench] error: ${e}`);
      // The last completion notice may still be running: its start line is written already.
      const started = startedTasks(workersLog);
      const created = await creations(stack);
      const byTopic = new Map<string, number[]>();
      const all: number[] = [];
      for (const s of started.values()) {
        if (seen.has(s.taskId)) continue;
        const c = created.get(s.taskId);
        if (c === undefined) continue;
        const d = s.at - c;
        all.push(d);
        const list = byTopic.get(s.topic) ?? [];
        list.push(d);
        byTopic.set(s.topic, list);
      }
      seen = new Set(started.keys());
      const row = (name: string, v: number[]) => {
        const sorted = [...v].sort((a, b) => a - b);
        return [name, sorted.length, percentile(sorted, 50), percentile(sorted, 95), sorted.at(-1) ?? NaN];
      };
      rows.push(row(`${phase.name}: all topics`, all));
      for (const [topic, v] of [...byTopic].sort()) rows.push(row(`  ${topic}`, v));
      medians.push(
        percentile(
          [...all].sort((a, b) => a - b),
          50,
        ),
      );
    }
    const load1 = loadavg()[0] ?? 0;
    await stack.stop({ keepDir: failed > 0 });
    const poll = `${process.env.WORKER_POLL_INTERVAL ?? '50 (default)'} ms`;
    console.log('');
    console.log(
      `worker pickup: engine creates the external task → handler starts; ${stack.database}, ${cpus().length} CPUs, ` +
        `load average ${load0.toFixed(1)} → ${load1.toFixed(1)}, WORKER_POLL_INTERVAL ${poll}`,
    );
    console.log(
      table(
        ['phase / topic', 'tasks', 'p50 ms', 'p95 ms', 'max ms'],
        rows.map((r) => r.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(0) : v))),
      ),
    );
    if (failed > 0) console.log(`WARNING: ${failed} cases failed; these numbers are not a valid measurement.`);
    console.log('');
    const worst = Math.max(...medians);
    console.log(
      `worker pickup median: ${medians.map((m) => `${m.toFixed(0)} ms`).join(' idle, ')} busy — goal ≤ 100 ms ${worst <= 100 ? 'met' : 'missed'}`,
    );
    return failed > 0 || worst > 100 ? 1 : 0;
  });
}
