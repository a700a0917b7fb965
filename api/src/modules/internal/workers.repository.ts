import type { Db } from '../../db/knex.js';

export interface WorkerHeartbeat {
  workerId: string;
  lastSeenAt: Date;
  topics: string[];
}

export function createWorkersRepository(db: Db) {
  return {
    async beat(h: { workerId: string; topics: string[]; host: string; pid: number; stopping: boolean }): Promise<void> {
      await db.raw(
        `INSERT INTO worker_heartbeats (worker_id, last_seen_at, topics, host, pid, stopped_at) VALUES (?, now(), ?::jsonb, ?, ?, CASE WHEN ? THEN now() END)
         ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now(), topics = EXCLUDED.topics, host = EXCLUDED.host, pid = EXCLUDED.pid, stopped_at = EXCLUDED.stopped_at`,
        [h.workerId, JSON.stringify(h.topics), h.host, h.pid, h.stopping],
      );
    },

    /** Workers seen within the last `staleSeconds` that have not announced their stop. */
    async live(staleSeconds: number): Promise<WorkerHeartbeat[]> {
      const rows = (
        await db.raw(
          `SELECT worker_id, last_seen_at, topics FROM worker_heartbeats
            WHERE stopped_at IS NULL AND last_seen_at > now() - (? * interval '1 second') ORDER BY last_seen_at DESC`,
          [staleSeconds],
        )
      ).rows as { worker_id: string; last_seen_at: Date; topics: string[] | string }[];
      return rows.map((r) => ({
        workerId: r.worker_id,
        lastSeenAt: new Date(r.last_seen_at),
        topics: typeof r.topics === 'string' ? (JSON.parse(r.topics) as string[]) : r.topics,
      }));
    },
  };
}

export type WorkersRepository = ReturnType<typeof createWorkersRepository>;
