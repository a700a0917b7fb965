import type { Request } from 'express';
import type { Tx } from '../../db/knex.js';
import { clientIp, state } from '../../http/context.js';
import type { Logger } from '../../logger.js';
import type { AuditRepository } from './audit.repository.js';

export interface AuditEvent {
  type: string;
  success: boolean;
  target?: string | null;
  caseNo?: string | null;
  detail?: Record<string, unknown>;
  /** For events without a logged-in actor (a failed login names the attempted username). */
  actor?: { id: string | null; username: string | null };
}

export function createAuditService(repo: AuditRepository, log: Logger) {
  return {
    /** Records an event of the current request; marks the request as audited. */
    async record(req: Request, e: AuditEvent, trx?: Tx): Promise<void> {
      const st = state(req);
      await repo.append(
        {
          at: new Date(),
          actorId: e.actor?.id ?? st.actor?.id ?? null,
          actorUsername: e.actor?.username ?? st.actor?.username ?? null,
          type: e.type,
          success: e.success,
          target: e.target ?? null,
          caseNo: e.caseNo ?? null,
          ip: clientIp(req),
          requestId: st.requestId,
          detail: e.detail ?? {},
        },
        trx,
      );
      st.audited = true;
    },

    /** Records a system event (workers, start-up) with no HTTP request. */
    async system(e: AuditEvent, trx?: Tx): Promise<void> {
      await repo.append(
        {
          at: new Date(),
          actorId: e.actor?.id ?? null,
          actorUsername: e.actor?.username ?? 'system',
          type: e.type,
          success: e.success,
          target: e.target ?? null,
          caseNo: e.caseNo ?? null,
          ip: null,
          requestId: null,
          detail: e.detail ?? {},
        },
        trx,
      );
    },

    /**
     * Catch-all for mutations: every non-GET request that its handler did not audit itself is
     * recorded with method, route, status and the handler's context. The router and the error
     * handler call this before they send the response, so a client that sees the answer also
     * finds its audit record; `middleware()` is the fallback for answers sent any other way.
     */
    async flushPending(req: Request, status: number): Promise<void> {
      if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
      const st = state(req);
      if (st.audited || req.path.startsWith('/api/v1/internal/') || !req.path.startsWith('/api/')) return;
      st.audited = true;
      const ctx = st.audit ?? {};
      try {
        await repo.append({
          at: new Date(),
          actorId: st.actor?.id ?? null,
          actorUsername: st.actor?.username ?? null,
          type: ctx.type ?? `http.${req.method.toLowerCase()}`,
          success: status < 400,
          target: ctx.target ?? req.path.slice(0, 128),
          caseNo: ctx.caseNo ?? null,
          ip: clientIp(req),
          requestId: st.requestId,
          detail: { method: req.method, path: req.path, status, ...(ctx.detail ?? {}) },
        });
      } catch (err) {
        log.error({ err, requestId: st.requestId }, 'audit record failed');
      }
    },

    middleware() {
      return (req: Request, res: import('express').Response, next: import('express').NextFunction) => {
        if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
        res.on('finish', () => void this.flushPending(req, res.statusCode));
        next();
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
