// `npm run bench -- <name> [options]`: runs one of the benchmarks under scripts/bench/.
const BENCHMARKS: Record<string, { what: string; run: (args: string[]) => Promise<number> }> = {
  flow: {
    what: 'flow throughput: whole general-approval cases through the Tongban API vs. the same BPMN on raw Camunda',
    run: async (args) => (await import('./bench/flow.js')).main(args),
  },
  tasklist: {
    what: 'task list at scale: todo list of a clerk and an approver over bulk-loaded tasks vs. the engine /task query',
    run: async (args) => (await import('./bench/tasklist.js')).main(args),
  },
  pickup: {
    what: 'worker pickup: external task created by the engine → Tongban handler started, idle and busy',
    run: async (args) => (await import('./bench/pickup.js')).main(args),
  },
  startup: {
    what: 'start-up and footprint: warm `npm start` to healthy, RSS of engine, API and workers at idle and under load',
    run: async (args) => (await import('./bench/startup.js')).main(args),
  },
};

function usage(): string {
  const lines = Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(8)} ${b.what}`);
  return `usage: npm run bench -- [<name>] [--quick] [options]   (no name: all of them, one after the other)\nbenchmarks:\n${lines.join('\n')}\n`;
}

/** Every benchmark in turn with the same options (only --quick makes sense for all). */
async function runAll(args: string[]): Promise<number> {
  const results: [string, number, number][] = [];
  const run = async (name: string) => {
    process.stdout.write(`\n===== bench ${name} ${args.join(' ')} =====\n`);
    const t0 = performance.now();
    const code = await (BENCHMARKS[name] as { run: (a: string[]) => Promise<number> }).run(args);
    results.push([name, code, (performance.now() - t0) / 1000]);
  };
  const t0 = performance.now();
  if (args.includes('--quick')) {
    // One PostgreSQL stack for the three benchmarks that need one (each alone starts its own):
    // the quick suite stays under two minutes. Flow stops the workers for its raw run, so it
    // comes after pickup, which needs them; the task list needs no workers.
    process.env.BENCH_DATABASE = 'pg';
    const { withSuiteStack } = await import('./bench/stack.js');
    const { FLOW_WORKER_ENV } = await import('./bench/flow.js');
    const { PICKUP_WORKER_ENV } = await import('./bench/pickup.js');
    const code = await withSuiteStack({ ...FLOW_WORKER_ENV, ...PICKUP_WORKER_ENV }, async () => {
      for (const name of ['pickup', 'flow', 'tasklist']) await run(name);
      return 0;
    });
    if (code !== 0) results.push(['(stack)', code, 0]);
    await run('startup');
  } else {
    for (const name of Object.keys(BENCHMARKS)) await run(name);
  }
  process.stdout.write('\n');
  for (const [name, code, s] of results)
    process.stdout.write(`bench ${name.padEnd(8)} ${code === 0 ? 'ok    ' : `exit ${code}`} ${s.toFixed(0)} s\n`);
  process.stdout.write(`all: ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  return results.some(([, code]) => code !== 0) ? 1 : 0;
}

const [name, ...rest] = process.argv.slice(2);
if (name === '--help' || name === '-h') {
  process.stdout.write(usage());
  process.exit(0);
}
if (name === undefined || name.startsWith('--')) {
  // Exit explicitly: after a failed run, requests of the abandoned phase may still be pending.
  process.exit(await runAll(process.argv.slice(2)));
}
const bench = BENCHMARKS[name];
if (!bench) {
  process.stderr.write(`unknown benchmark: ${name}\n`);
  process.stderr.write(usage());
  process.exit(2);
}
process.exit(await bench.run(rest));
