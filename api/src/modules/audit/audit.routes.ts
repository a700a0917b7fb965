import { z } from 'zod';
import type { ApiRouter } from '../../http/router.js';
import type { AuditRepository } from './audit.repository.js';

const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorUsername: z.string().nullable(),
  type: z.string(),
  success: z.boolean(),
  target: z.string().nullable(),
  caseNo: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

const AuditQuery = z.object({
  actor: z.string().max(64).optional(),
  caseNo: z.string().max(50).optional(),
  type: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function registerAuditRoutes(router: ApiRouter, repo: AuditRepository): void {
  router.add({
    method: 'get',
    path: '/api/v1/audit',
    summary: 'Search the audit trail (auditors)',
    tags: ['audit'],
    access: { kind: 'roles', roles: ['auditor', 'auditadmin', 'secadmin'] },
    query: AuditQuery,
    success: {
      status: 200,
      description: 'A page of audit records, newest first',
      schema: z.object({ items: z.array(AuditEntry), total: z.number(), page: z.number(), pageSize: z.number() }),
    },
    handler: async ({ query }) => {
      const { items, total } = await repo.list({
        ...query,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      });
      return {
        items: items.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          actorUsername: e.actorUsername,
          type: e.type,
          success: e.success,
          target: e.target,
          caseNo: e.caseNo,
          ip: e.ip,
          detail: e.detail,
          hash: e.hash,
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  });

  router.add({
    method: 'get',
    path: '/api/v1/audit/verify',
    summary: 'Verify the audit hash chain',
    tags: ['audit'],
    access: { kind: 'roles', roles: ['auditor', 'auditadmin', 'secadmin'] },
    success: {
      status: 200,
      description: 'Verification result',
      schema: z.object({ ok: z.boolean(), checked: z.number(), firstBrokenId: z.string().optional() }),
    },
    handler: () => repo.verify(),
  });
}
