import { HealthResponse } from '@tongban/contracts';
import type { Db } from '../../db/knex.js';
import type { ApiRouter } from '../../http/router.js';
import type { CamundaClient } from '../../integrations/camunda/index.js';
import type { WorkersRepository } from '../internal/workers.repository.js';

export function registerHealthRoutes(
  router: ApiRouter,
  deps: {
    db: Db;
    dbKind: 'postgres' | 'pglite';
    engine: CamundaClient;
    workers: WorkersRepository;
    staleSeconds: number;
  },
): void {
  router.add({
    method: 'get',
    path: '/api/v1/health',
    summary: 'Health of the database, the engine and the workers',
    tags: ['health'],
    access: { kind: 'public' },
    success: { status: 200, description: 'ok when every part is up, degraded otherwise', schema: HealthResponse },
    handler: async () => {
      const [db, engine, workers] = await Promise.all([
        deps.db.raw('SELECT 1').then(
          () => 'up' as const,
          () => 'down' as const,
        ),
        deps.engine.version().then(
          (v) => ({ status: 'up' as const, version: v.version }),
          () => ({ status: 'down' as const }),
        ),
        deps.workers.live(deps.staleSeconds).catch(() => []),
      ]);
      const lastSeenAt = workers.reduce<Date | null>(
        (max, w) => (!max || w.lastSeenAt > max ? w.lastSeenAt : max),
        null,
      );
      const workersUp = workers.length > 0;
      return {
        status: db === 'up' && engine.status === 'up' && workersUp ? 'ok' : 'degraded',
        db: { status: db, kind: deps.dbKind },
        engine,
        workers: {
          status: workersUp ? 'up' : 'down',
          lastSeenAt: lastSeenAt?.toISOString() ?? null,
          instances: workers.map((w) => ({
            workerId: w.workerId,
            lastSeenAt: w.lastSeenAt.toISOString(),
            topics: w.topics,
          })),
        },
      };
    },
  });
}
