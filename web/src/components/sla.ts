import { SLA_LEVELS, type SlaLevel } from '@tongban/contracts';

/** antd Tag colour of each time-limit card: 绿牌 on time, 黄牌 due soon, 红牌 overdue. */
export const SLA_COLORS: Record<SlaLevel, 'success' | 'warning' | 'error'> = {
  green: 'success',
  yellow: 'warning',
  red: 'error',
};

export function isSlaLevel(value: unknown): value is SlaLevel {
  return typeof value === 'string' && (SLA_LEVELS as readonly string[]).includes(value);
}

/** The tag colour for an API `sla` value; null when the case has no running clock. */
export function slaColor(sla: unknown): 'success' | 'warning' | 'error' | null {
  return isSlaLevel(sla) ? SLA_COLORS[sla] : null;
}

/** `YYYY-MM-DD HH:mm` in Beijing time, the district's working time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const beijing = new Date(date.getTime() + 8 * 3_600_000);
  return beijing.toISOString().slice(0, 16).replace('T', ' ');
}

/** `YYYY-MM-DD` in Beijing time. */
export function formatDate(iso: string | null | undefined): string {
  const text = formatDateTime(iso);
  return text === '—' ? text : text.slice(0, 10);
}
