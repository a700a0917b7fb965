import { z } from 'zod';
import type { ApiRouter } from '../../http/router.js';
import type { WorkersRepository } from './workers.repository.js';

export function registerInternalRoutes(router: ApiRouter, workers: WorkersRepository): void {
  router.add({
    method: 'post',
    path: '/api/v1/internal/workers/heartbeat',
    summary: 'Worker heartbeat (worker token)',
    tags: ['internal'],
    access: { kind: 'worker' },
    body: z.object({
      workerId: z.string().min(1).max(128),
      topics: z.array(z.string().max(100)).max(200),
      host: z.string().max(128).default(''),
      pid: z.number().int().default(0),
      stopping: z.boolean().default(false),
    }),
    success: { status: 204, description: 'Recorded' },
    handler: async ({ body }) => {
      await workers.beat(body);
      return undefined;
    },
  });
}
