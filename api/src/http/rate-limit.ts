/** A fixed-window counter per key (e.g. client IP), kept in memory of one API process. */
export function createRateLimiter(limitPerMinute: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Returns false when the key has used up its allowance for the current minute. */
    take(key: string, now = Date.now()): boolean {
      const w = windows.get(key);
      if (!w || now - w.start >= 60_000) {
        if (windows.size > 10_000) windows.clear();
        windows.set(key, { start: now, count: 1 });
        return true;
      }
      w.count++;
      return w.count <= limitPerMinute;
    },
  };
}
