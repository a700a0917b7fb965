/** One exception of GET /calendar?year. */
export interface CalendarDay {
  date: string;
  isWorkday: boolean;
  source: string;
  kind: 'holiday' | 'swapped_workday' | 'local' | (string & {});
  note: string | null;
}

export const KNOWN_KINDS = ['holiday', 'swapped_workday', 'local'] as const;
export type KnownKind = (typeof KNOWN_KINDS)[number];

export function isKnownKind(kind: string): kind is KnownKind {
  return (KNOWN_KINDS as readonly string[]).includes(kind);
}

/** The years offered by the selector: five back and two ahead of the current one, within the API's 2000–2100. */
export function yearOptions(current: number): number[] {
  const years: number[] = [];
  for (let year = Math.max(2000, current - 5); year <= Math.min(2100, current + 2); year += 1) years.push(year);
  return years;
}

/** The current year in Beijing time. */
export function beijingYear(now: Date = new Date()): number {
  return new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** The body of PUT /calendar/days/{date}: source trimmed (2–200 characters), note left out when empty. */
export function localDayBody(input: { isWorkday: boolean; source: string; note?: string | null }): {
  isWorkday: boolean;
  source: string;
  note?: string;
} {
  const note = input.note?.trim();
  return { isWorkday: input.isWorkday, source: input.source.trim(), ...(note ? { note } : {}) };
}

export function sourceValid(source: string | undefined): boolean {
  const length = source?.trim().length ?? 0;
  return length >= 2 && length <= 200;
}

/** Counts per kind, for the summary above the table. */
export function countByKind(days: readonly CalendarDay[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const day of days) counts[day.kind] = (counts[day.kind] ?? 0) + 1;
  return counts;
}
