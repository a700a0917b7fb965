import { api } from '../../api/client';
import type { CalendarDay } from './calendar-rules';

export function listExceptions(year: number, signal?: AbortSignal): Promise<CalendarDay[]> {
  return api.get<CalendarDay[]>('/calendar', { query: { year }, signal });
}

/** Silent: the form shows the API's refusal itself. */
export function setLocalDay(
  date: string,
  body: { isWorkday: boolean; source: string; note?: string },
): Promise<CalendarDay> {
  return api.put<CalendarDay>(`/calendar/days/${encodeURIComponent(date)}`, body, { silent: true });
}
