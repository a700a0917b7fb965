import { AppError } from '../../errors.js';
import type { Db, Tx } from '../../db/knex.js';
import type { CalendarRepository } from './calendar.repository.js';

/** Beijing time: every limit counts in the district's own calendar days. */
export const CHINA_OFFSET = '+08:00';

/** The calendar date (YYYY-MM-DD) of an instant in China Standard Time. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The end of a calendar day in China Standard Time, as an instant. */
export function endOfChinaDay(date: string): Date {
  return new Date(`${date}T23:59:59.999${CHINA_OFFSET}`);
}

export function createCalendarService(repo: CalendarRepository) {
  const outOfRange = async (date: string, exec?: Db | Tx) => {
    const { first, last } = await repo.range(exec);
    return new AppError(
      'CALENDAR_OUT_OF_RANGE',
      `工作日历未覆盖所需日期（已维护 ${first ?? '—'} 至 ${last ?? '—'}），请管理员维护节假日安排`,
      {
        date,
        calendarFrom: first,
        calendarTo: last,
      },
    );
  };

  return {
    /**
     * The end of the N-th working day after `from` (Art. 82: working days; the day itself not
     * counted). N = 0 is due the same day (即办件). Never guessed from weekends: a date outside
     * the maintained calendar is an error. Pass `exec` inside a transaction.
     */
    async dueDate(from: string, workingDays: number, exec?: Db | Tx): Promise<{ due: string; dueAt: Date }> {
      const { first, last } = await repo.range(exec);
      if (!first || !last || from < first || from > last) throw await outOfRange(from, exec);
      if (workingDays === 0) return { due: from, dueAt: endOfChinaDay(from) };
      const days = await repo.workdaysAfter(from, workingDays, exec);
      const due = days[workingDays - 1];
      if (!due) throw await outOfRange(from, exec);
      return { due, dueAt: endOfChinaDay(due) };
    },

    /** Working days counted from `from` (exclusive) to `to` (inclusive). */
    workdaysBetween(from: string, to: string, exec?: Db | Tx): Promise<number> {
      return from >= to ? Promise.resolve(0) : repo.countWorkdays(from, to, exec);
    },

    exceptions: (year: number) => repo.exceptions(year),
    get: (date: string) => repo.get(date),
    setLocal: (date: string, isWorkday: boolean, source: string, note: string | null) =>
      repo.setLocal(date, isWorkday, source, note),
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
