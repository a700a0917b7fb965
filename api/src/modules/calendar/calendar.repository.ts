import type { Db, Tx } from '../../db/knex.js';

type Exec = Db | Tx;

export interface CalendarDay {
  date: string;
  isWorkday: boolean;
  kind: string;
  source: string;
  note: string | null;
}

const COLS = `to_char(date, 'YYYY-MM-DD') AS date, is_workday, kind, source, note`;
type Row = { date: string; is_workday: boolean; kind: string; source: string; note: string | null };
const toDay = (r: Row): CalendarDay => ({
  date: r.date,
  isWorkday: r.is_workday,
  kind: r.kind,
  source: r.source,
  note: r.note,
});

export function createCalendarRepository(db: Db) {
  return {
    async range(exec: Exec = db): Promise<{ first: string | null; last: string | null }> {
      const r = (
        await exec.raw(
          `SELECT to_char(min(date), 'YYYY-MM-DD') AS first, to_char(max(date), 'YYYY-MM-DD') AS last FROM work_calendar`,
        )
      ).rows[0] as { first: string | null; last: string | null };
      return r;
    },

    /** The first `count` working days strictly after `from`, in order. */
    async workdaysAfter(from: string, count: number, exec: Exec = db): Promise<string[]> {
      const rows = (
        await exec.raw(
          `SELECT to_char(date, 'YYYY-MM-DD') AS date FROM work_calendar WHERE date > ?::date AND is_workday ORDER BY date LIMIT ?`,
          [from, count],
        )
      ).rows as { date: string }[];
      return rows.map((r) => r.date);
    },

    /** Working days in (from, to]: the days counted when time runs from `from` to `to`. */
    async countWorkdays(from: string, to: string, exec: Exec = db): Promise<number> {
      const r = (
        await exec.raw(
          `SELECT count(*)::int AS n FROM work_calendar WHERE date > ?::date AND date <= ?::date AND is_workday`,
          [from, to],
        )
      ).rows[0] as { n: number };
      return r.n;
    },

    /** Days whose status is not the plain weekday/weekend rule: holidays, swapped and local days. */
    async exceptions(year: number): Promise<CalendarDay[]> {
      const rows = (
        await db.raw(
          `SELECT ${COLS} FROM work_calendar WHERE date >= ?::date AND date < ?::date AND kind IN ('holiday','swapped_workday','local') ORDER BY date`,
          [`${year}-01-01`, `${year + 1}-01-01`],
        )
      ).rows as Row[];
      return rows.map(toDay);
    },

    async get(date: string): Promise<CalendarDay | null> {
      const r = (await db.raw(`SELECT ${COLS} FROM work_calendar WHERE date = ?::date`, [date])).rows[0] as
        Row | undefined;
      return r ? toDay(r) : null;
    },

    async setLocal(date: string, isWorkday: boolean, source: string, note: string | null): Promise<void> {
      await db.raw(
        `INSERT INTO work_calendar (date, is_workday, kind, source, note) VALUES (?::date, ?, 'local', ?, ?)
         ON CONFLICT (date) DO UPDATE SET is_workday = EXCLUDED.is_workday, kind = 'local', source = EXCLUDED.source, note = EXCLUDED.note`,
        [date, isWorkday, source, note],
      );
    },
  };
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
