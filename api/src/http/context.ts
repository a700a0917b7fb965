import type { Request } from 'express';
import type { DepartmentRef, Role, UserKind } from '@tongban/contracts';

/** The authenticated caller, resolved once per request by the auth middleware. */
export interface Actor {
  id: string;
  username: string;
  name: string;
  kind: UserKind;
  roles: Role[];
  departments: DepartmentRef[];
  sessionId: string;
  passwordExpired: boolean;
}

export interface RequestState {
  requestId: string;
  actor?: Actor;
  /** Set when the handler wrote its own audit record, so the generic one is skipped. */
  audited?: boolean;
  /** Extra audit context a handler may attach for the generic mutation record. */
  audit?: { type?: string; target?: string; caseNo?: string; detail?: Record<string, unknown> };
}

export function state(req: Request): RequestState {
  const r = req as Request & { tongban?: RequestState };
  if (!r.tongban) r.tongban = { requestId: '' };
  return r.tongban;
}

export function clientIp(req: Request): string {
  return (req.ip ?? req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}
