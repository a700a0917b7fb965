import { z } from 'zod';
import type { ApiRouter } from '../../http/router.js';
import { state } from '../../http/context.js';
import type { CalendarService } from './calendar.service.js';

const IsoDate = z.iso.date();

const CalendarDay = z.object({
  date: z.string(),
  isWorkday: z.boolean(),
  source: z.string(),
  kind: z.string(),
  note: z.string().nullable(),
});

export function registerCalendarRoutes(router: ApiRouter, calendar: CalendarService): void {
  router.add({
    method: 'get',
    path: '/api/v1/calendar/due-date',
    summary: 'Due date: the end of the N-th working day after a date',
    tags: ['calendar'],
    access: { kind: 'public' },
    query: z.object({ from: IsoDate, workingDays: z.coerce.number().int().min(0).max(3650) }),
    success: {
      status: 200,
      description: 'The due date',
      schema: z.object({ from: z.string(), workingDays: z.number(), due: z.string(), dueAt: z.string() }),
    },
    errors: [422],
    handler: async ({ query }) => {
      const { due, dueAt } = await calendar.dueDate(query.from, query.workingDays);
      return { from: query.from, workingDays: query.workingDays, due, dueAt: dueAt.toISOString() };
    },
  });

  router.add({
    method: 'get',
    path: '/api/v1/calendar',
    summary: "A year's exceptions: holidays, swapped working days and local adjustments",
    tags: ['calendar'],
    access: { kind: 'public' },
    query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
    success: { status: 200, description: 'Exceptions of the year', schema: z.array(CalendarDay) },
    handler: ({ query }) => calendar.exceptions(query.year),
  });

  router.add({
    method: 'put',
    path: '/api/v1/calendar/days/:date',
    summary: 'Set a local adjustment for one day (administrators)',
    tags: ['calendar'],
    access: { kind: 'roles', roles: ['sysadmin'] },
    params: z.object({ date: IsoDate }),
    body: z.object({
      isWorkday: z.boolean(),
      source: z.string().min(2).max(200),
      note: z.string().max(200).optional(),
    }),
    success: { status: 200, description: 'The day as stored', schema: CalendarDay },
    handler: async ({ req, params, body }) => {
      await calendar.setLocal(params.date, body.isWorkday, body.source, body.note ?? null);
      state(req).audit = {
        type: 'calendar.day.set',
        target: params.date,
        detail: { isWorkday: body.isWorkday, source: body.source },
      };
      return calendar.get(params.date);
    },
  });
}
