import { z } from 'zod';
import type { ApiRouter } from '../../http/router.js';
import type { Actor } from '../../http/context.js';
import { state } from '../../http/context.js';
import type { ProcessesService } from './processes.service.js';

const ProcessSummary = z.object({
  key: z.string(),
  name: z.string().nullable(),
  latestVersion: z.number(),
  versions: z.array(
    z.object({
      version: z.number(),
      definitionId: z.string(),
      deployedAt: z.string().nullable(),
      deployedBy: z.string().nullable(),
      comment: z.string().nullable(),
      /** How it was deployed: at API start-up, by the CLI, or from the console's designer. */
      source: z.enum(['startup', 'cli', 'designer']).nullable(),
    }),
  ),
});

const READERS = ['designer', 'auditor', 'clerk', 'approver', 'lead', 'sysadmin'] as const;

export function registerProcessRoutes(router: ApiRouter, processes: ProcessesService): void {
  router.add({
    method: 'get',
    path: '/api/v1/processes',
    summary: 'Deployed processes with their versions',
    tags: ['processes'],
    access: { kind: 'roles', roles: READERS },
    success: { status: 200, description: 'Processes', schema: z.array(ProcessSummary) },
    errors: [503],
    handler: () => processes.list(),
  });

  router.add({
    method: 'get',
    path: '/api/v1/processes/:key/xml',
    summary: 'The BPMN XML of a process version (latest by default)',
    tags: ['processes'],
    access: { kind: 'roles', roles: READERS },
    params: z.object({ key: z.string().max(64) }),
    query: z.object({ version: z.coerce.number().int().min(1).optional() }),
    success: {
      status: 200,
      description: 'BPMN XML',
      schema: z.object({ key: z.string(), version: z.number(), xml: z.string() }),
    },
    errors: [404, 503],
    handler: ({ params, query }) => processes.xml(params.key, query.version),
  });

  router.add({
    method: 'post',
    path: '/api/v1/processes',
    summary: 'Lint and deploy a BPMN diagram (designers)',
    tags: ['processes'],
    access: { kind: 'roles', roles: ['designer'] },
    body: z.object({
      xml: z.string().min(20).max(2_000_000),
      comment: z.string().max(500).optional(),
      resourceName: z.string().max(200).optional(),
    }),
    success: {
      status: 201,
      description: 'Deployed (or unchanged)',
      schema: z.object({ key: z.string(), version: z.number(), created: z.boolean() }),
    },
    errors: [422, 503],
    handler: async ({ req, body, actor }) => {
      const r = await processes.deployOne(body.resourceName ?? 'designer.bpmn', body.xml, {
        username: (actor as Actor).username,
        source: 'designer',
        comment: body.comment ?? null,
      });
      state(req).audit = {
        type: 'process.deploy',
        target: `${r.key}:${r.version}`,
        detail: { created: r.created, comment: body.comment ?? null },
      };
      return { key: r.key, version: r.version, created: r.created };
    },
  });
}
