import { readFileSync } from 'node:fs';

/** Latencies in milliseconds, grouped by call kind. */
export class Latencies {
  readonly byKind = new Map<string, number[]>();

  add(kind: string, ms: number): void {
    const list = this.byKind.get(kind);
    if (list) list.push(ms);
    else this.byKind.set(kind, [ms]);
  }

  /** Times one call and records it under `kind` (also when it fails). */
  async time<T>(kind: string, call: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await call();
    } finally {
      this.add(kind, performance.now() - t0);
    }
  }

  rows(): { kind: string; calls: number; p50: number; p95: number; p99: number; mean: number }[] {
    return [...this.byKind.entries()].map(([kind, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        kind,
        calls: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
      };
    });
  }
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/** A plain-text table with right-aligned columns after the first. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '))
    .join('\n');
}

/** CPU seconds (user + system) a process has used so far; undefined where /proc is unavailable. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Resident memory (VmRSS) of one process in MiB; undefined where /proc is unavailable. */
export function rssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
