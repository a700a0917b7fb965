import type { SlaLevel } from '@tongban/contracts';
import type { Db, Tx } from '../../db/knex.js';
import { chinaDate, endOfChinaDay, type CalendarService } from '../calendar/index.js';

export interface ClockInput {
  acceptedAt: Date;
  promisedDays: number;
  dayUnit: 'working' | 'natural';
  extensionDays: number;
  /** Closed and open pauses; an open pause has no end. */
  pauses: { startedAt: Date; endedAt: Date | null }[];
}

export interface ClockView {
  state: 'running' | 'paused' | 'stopped' | 'not_started';
  acceptedAt: string | null;
  limitDays: number | null;
  dayUnit: 'working' | 'natural' | null;
  extensionDays: number;
  pausedDays: number;
  dueAt: string | null;
  workingDaysLeft: number | null;
  sla: SlaLevel | null;
  pauses: { startedAt: string; endedAt: string | null; reason: string }[];
}

const addNaturalDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const naturalDaysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The case clock (《行政许可法》 Art. 32, 42, 45, 82): the limit runs from the day after acceptance
 * in working days (or natural days where the item says so); closed pauses (corrections during
 * handling, type-2 special procedures) add back the days they covered; type-1 extensions add days.
 */
export function createClock(calendar: CalendarService) {
  const daysBetween = (unit: 'working' | 'natural', from: string, to: string, exec?: Db | Tx) =>
    unit === 'working'
      ? calendar.workdaysBetween(from, to, exec)
      : Promise.resolve(Math.max(0, naturalDaysBetween(from, to)));

  async function pausedDays(input: ClockInput, exec?: Db | Tx): Promise<number> {
    let total = 0;
    for (const p of input.pauses) {
      if (!p.endedAt) continue;
      total += await daysBetween(input.dayUnit, chinaDate(p.startedAt), chinaDate(p.endedAt), exec);
    }
    return total;
  }

  return {
    /** The due instant: end of the last counted day, Beijing time. */
    /** Pass `exec` inside a transaction: the embedded database has a single connection. */
    async dueAt(input: ClockInput, exec?: Db | Tx): Promise<Date> {
      const days = input.promisedDays + input.extensionDays + (await pausedDays(input, exec));
      const from = chinaDate(input.acceptedAt);
      if (input.dayUnit === 'natural') return endOfChinaDay(addNaturalDays(from, days));
      return (await calendar.dueDate(from, days, exec)).dueAt;
    },

    pausedDays,

    /**
     * Remaining days and the SLA level, derived now from the stored due date: yellow when at most
     * `yellowRatio` of the limit remains, red once the due date has passed. A paused clock shows
     * what remained when it stopped running.
     */
    async remaining(
      dueAt: Date,
      unit: 'working' | 'natural',
      limitDays: number,
      yellowRatio: number,
      now: Date,
      pausedSince: Date | null,
    ): Promise<{ daysLeft: number; sla: SlaLevel }> {
      const at = pausedSince ?? now;
      const today = chinaDate(at);
      const due = chinaDate(dueAt);
      const daysLeft = at > dueAt ? -(await daysBetween(unit, due, today)) : await daysBetween(unit, today, due);
      const sla: SlaLevel =
        at > dueAt
          ? 'red'
          : limitDays > 0 && daysLeft <= Math.floor(limitDays * yellowRatio)
            ? 'yellow'
            : limitDays === 0
              ? 'yellow'
              : 'green';
      return { daysLeft, sla };
    },
  };
}

export type Clock = ReturnType<typeof createClock>;
