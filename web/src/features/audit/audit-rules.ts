/** Filters of the audit log as the form holds them: dates are `YYYY-MM-DD` (Beijing days). */
export interface AuditFilters {
  actor?: string;
  caseNo?: string;
  type?: string;
  fromDate?: string;
  toDate?: string;
}

export interface AuditQueryParams {
  actor?: string;
  caseNo?: string;
  type?: string;
  from?: string;
  to?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The query of GET /audit: trimmed texts (empty ones left out) and the date range as whole Beijing
 * days, `from` at 00:00 and `to` at the last millisecond, with an offset as the API requires.
 */
export function auditQuery(filters: AuditFilters): AuditQueryParams {
  const text = (value: string | undefined) => value?.trim() || undefined;
  const query: AuditQueryParams = {};
  const actor = text(filters.actor);
  const caseNo = text(filters.caseNo);
  const type = text(filters.type);
  if (actor) query.actor = actor;
  if (caseNo) query.caseNo = caseNo;
  if (type) query.type = type;
  if (filters.fromDate && ISO_DATE.test(filters.fromDate)) query.from = `${filters.fromDate}T00:00:00.000+08:00`;
  if (filters.toDate && ISO_DATE.test(filters.toDate)) query.to = `${filters.toDate}T23:59:59.999+08:00`;
  return query;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId?: string;
}

/** How the result of GET /audit/verify is shown. */
export function verifyView(result: VerifyResult): {
  type: 'success' | 'error';
  key: 'audit.verifyOk' | 'audit.verifyBroken';
  params: { checked: number; id?: string };
} {
  return result.ok
    ? { type: 'success', key: 'audit.verifyOk', params: { checked: result.checked } }
    : {
        type: 'error',
        key: 'audit.verifyBroken',
        params: { checked: result.checked, id: result.firstBrokenId ?? '—' },
      };
}

/** The detail of an audit record on one line (`key=value`, objects as JSON). */
export function detailText(detail: Readonly<Record<string, unknown>>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
