import { api } from '../../api/client';
import type { CaseRow } from '../cases/cases.api';
import type { Page } from '../tasks/tasks.api';
import type { AuditQueryParams, VerifyResult } from './audit-rules';

export interface AuditEntry {
  id: string;
  at: string;
  actorUsername: string | null;
  type: string;
  success: boolean;
  target: string | null;
  caseNo: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
  hash: string;
}

export function listAudit(
  query: AuditQueryParams & { page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<Page<AuditEntry>> {
  return api.get<Page<AuditEntry>>('/audit', { query: { ...query }, signal });
}

export function verifyAudit(): Promise<VerifyResult> {
  return api.get<VerifyResult>('/audit/verify', { silent: true });
}

/** Cases of every department (auditors): GET /cases?view=all&q=. */
export function searchAllCases(
  query: { q?: string; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<Page<CaseRow>> {
  return api.get<Page<CaseRow>>('/cases', { query: { view: 'all', ...query }, signal });
}
