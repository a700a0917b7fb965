import { z } from 'zod';
import type { Actor } from '../../../http/context.js';
import type { ApiRouter } from '../../../http/router.js';
import type { ApplicationsService } from '../applications.service.js';
import type { ParallelService } from './parallel.service.js';

export function registerParallelRoutes(router: ApiRouter, parallel: ParallelService, apps: ApplicationsService): void {
  router.add({
    method: 'post',
    path: '/api/v1/applications/:caseNo/prerequisite',
    summary:
      'Hand in the prerequisite of a simulated approval (模拟审批): the case becomes formal; after an approving decision the formal decision is issued without a second review',
    tags: ['portal'],
    access: { kind: 'roles', roles: ['applicant'] },
    params: z.object({ caseNo: z.string().min(8).max(50) }),
    body: z.object({
      materials: z
        .array(z.object({ code: z.string().min(1).max(32), fileIds: z.array(z.uuid()).min(1).max(20) }))
        .min(1)
        .max(1),
    }),
    success: { status: 200, description: 'The case', schema: z.record(z.string(), z.unknown()) },
    errors: [404, 409],
    handler: async ({ req, actor, params, body }) => {
      const { converted } = await parallel.submitPrerequisite(req, actor as Actor, params.caseNo, body.materials);
      return { ...(await apps.get(actor as Actor, params.caseNo)), converted };
    },
  });
}
