/** Pure helpers of the auditor's case history on its diagram (no DOM, no React; unit-tested). */

import type { Locale } from '../../i18n/translate';

/** The fields of GET /cases/{caseNo}/history entries these helpers read. */
export interface HistoryEntryLike {
  source: 'engine' | 'event' | 'audit';
  at: string;
  endAt?: string | null;
  type: string;
  activityId?: string;
  title?: string;
  actor: string | null;
  canceled?: boolean;
  detail?: unknown;
}

/** One activity instance of the engine, with who closed it, how long it took and the opinion given. */
export interface ActivityRun {
  key: string;
  activityId: string;
  title: string;
  type: string;
  actor: string | null;
  startAt: string;
  endAt: string | null;
  /** Start to end, or start to `now` while it is still running. */
  durationMs: number;
  active: boolean;
  canceled: boolean;
  action: string | null;
  opinion: string | null;
}

const detailOf = (entry: HistoryEntryLike): Record<string, unknown> =>
  entry.detail && typeof entry.detail === 'object' ? (entry.detail as Record<string, unknown>) : {};

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

/**
 * The engine's activities in order of start, each paired with the business event that closed it
 * (`task.completed` / `task.returned` of the same step, at or after the start, each event used once),
 * which gives the acting person, the action and the opinion. Gateways are left out.
 */
export function activityRuns(entries: readonly HistoryEntryLike[], now: Date = new Date()): ActivityRun[] {
  const closing = entries
    .filter((e) => e.source === 'event' && (e.type === 'task.completed' || e.type === 'task.returned'))
    .sort((a, b) => a.at.localeCompare(b.at));
  const used = new Set<HistoryEntryLike>();
  return entries
    .filter((e) => e.source === 'engine' && e.activityId && !/gateway|sequenceFlow/i.test(e.type))
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((e, index) => {
      const activityId = e.activityId as string;
      const start = Date.parse(e.at);
      const end = e.endAt ? Date.parse(e.endAt) : null;
      const event = e.endAt
        ? closing.find(
            (c) =>
              !used.has(c) &&
              detailOf(c).step === activityId &&
              Date.parse(c.at) >= start - 1000 &&
              Date.parse(c.at) <= (end as number) + 5000,
          )
        : undefined;
      if (event) used.add(event);
      const detail = event ? detailOf(event) : {};
      return {
        key: `${activityId}-${index}`,
        activityId,
        title: e.title ?? activityId,
        type: e.type,
        actor: event?.actor ?? e.actor ?? null,
        startAt: e.at,
        endAt: e.endAt ?? null,
        durationMs: Math.max(0, (end ?? now.getTime()) - start),
        active: !e.endAt,
        canceled: Boolean(e.canceled),
        action: str(detail.action),
        opinion: str(detail.opinion),
      };
    });
}

/** A duration the way people say it: the two largest units (天/小时/分钟/秒 or d/h/min/s). */
export function formatDuration(ms: number, locale: Locale): string {
  const units: [number, string, string][] = [
    [86_400_000, '天', 'd'],
    [3_600_000, '小时', 'h'],
    [60_000, '分钟', 'min'],
    [1000, '秒', 's'],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(ms));
  for (const [size, zh, en] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(locale === 'en' ? `${n} ${en}` : `${n}${zh}`);
    if (parts.length === 2) break;
  }
  const shown = parts.filter((p) => !/^0\D/.test(p));
  if (shown.length === 0) return locale === 'en' ? '< 1 s' : '不足1秒';
  return shown.join(locale === 'en' ? ' ' : '');
}

/**
 * The label put on each diagram element: the total time spent there, and how many times when the case
 * passed more than once (a return); only tasks and the steps people worked, not instant events.
 */
export function durationBadges(runs: readonly ActivityRun[], locale: Locale): Record<string, string> {
  const byElement = new Map<string, { ms: number; count: number }>();
  for (const run of runs) {
    if (!/task|subProcess|callActivity/i.test(run.type)) continue;
    const elementId = run.activityId.split('#')[0] as string;
    const sum = byElement.get(elementId) ?? { ms: 0, count: 0 };
    byElement.set(elementId, { ms: sum.ms + run.durationMs, count: sum.count + 1 });
  }
  return Object.fromEntries(
    [...byElement].map(([id, { ms, count }]) => [id, `${formatDuration(ms, locale)}${count > 1 ? ` ×${count}` : ''}`]),
  );
}

/** Camunda's user-operation types (GET /history/user-operation) as people say them. */
const ENGINE_OPERATIONS: Record<string, Record<Locale, string>> = {
  Claim: { 'zh-CN': '签收', en: 'Claim' },
  Complete: { 'zh-CN': '完成', en: 'Complete' },
  Assign: { 'zh-CN': '指派', en: 'Assign' },
  Delegate: { 'zh-CN': '委派', en: 'Delegate' },
  Resolve: { 'zh-CN': '委派办结', en: 'Resolve delegation' },
  SetOwner: { 'zh-CN': '设定所有人', en: 'Set owner' },
  Create: { 'zh-CN': '创建', en: 'Create' },
  Delete: { 'zh-CN': '删除', en: 'Delete' },
  SetVariable: { 'zh-CN': '设置变量', en: 'Set variable' },
  SetVariables: { 'zh-CN': '设置变量', en: 'Set variables' },
  ModifyVariable: { 'zh-CN': '修改变量', en: 'Modify variable' },
  CorrelateMessage: { 'zh-CN': '消息关联', en: 'Correlate message' },
  SetJobDuedate: { 'zh-CN': '调整定时', en: 'Set job due date' },
  Execute: { 'zh-CN': '执行作业', en: 'Execute job' },
};

/**
 * The label of an engine operation: the known type in the locale, the raw type otherwise; with the
 * changed property (e.g. `assignee → clerk1`) when the engine recorded one.
 */
export function engineOperationText(
  op: { type: string; property?: string | null; newValue?: string | null },
  locale: Locale,
): { title: string; change: string | null } {
  const title = ENGINE_OPERATIONS[op.type]?.[locale] ?? op.type;
  const property = str(op.property);
  return { title, change: property ? `${property} → ${op.newValue ?? '∅'}` : null };
}
