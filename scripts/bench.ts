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
};

function usage(): string {
  const lines = Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(8)} ${b.what}`);
  return `usage: npm run bench -- <name> [options]\nbenchmarks:\n${lines.join('\n')}\n`;
}

const [name, ...rest] = process.argv.slice(2);
const bench = name ? BENCHMARKS[name] : undefined;
if (!bench) {
  if (name) process.stderr.write(`unknown benchmark: ${name}\n`);
  process.stderr.write(usage());
  process.exit(name === '--help' || name === '-h' ? 0 : 2);
}
// Exit explicitly: after a failed run, requests of the abandoned phase may still be pending.
process.exit(await bench.run(rest));
