import { z } from 'zod';
import { state, type Actor } from '../../http/context.js';
import type { ApiRouter } from '../../http/router.js';
import type { NotificationsService } from './notifications.service.js';

const SiteMessage = z.object({
  id: z.string(),
  caseNo: z.string().nullable(),
  template: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const actorOf = (a: Actor | undefined) => a as Actor;

export function registerNotificationRoutes(router: ApiRouter, notifications: NotificationsService): void {
  router.add({
    method: 'get',
    path: '/api/v1/notifications',
    summary: 'My in-site messages, newest first, with the unread count',
    tags: ['notifications'],
    access: { kind: 'authenticated' },
    query: z.object({
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(100).default(20),
    }),
    success: {
      status: 200,
      description: 'A page of messages',
      schema: z.object({
        items: z.array(SiteMessage),
        total: z.number(),
        page: z.number(),
        pageSize: z.number(),
        unread: z.number(),
      }),
    },
    handler: async ({ actor, query }) => {
      const { items, total, unread } = await notifications.inbox(actorOf(actor).id, query);
      return {
        items: items.map((m) => ({
          ...m,
          createdAt: m.createdAt.toISOString(),
          readAt: m.readAt ? m.readAt.toISOString() : null,
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
        unread,
      };
    },
  });

  router.add({
    method: 'post',
    path: '/api/v1/notifications/:id/read',
    summary: 'Mark one of my in-site messages read',
    tags: ['notifications'],
    access: { kind: 'authenticated' },
    params: z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/, 'a message id') }),
    success: { status: 200, description: 'Read', schema: z.object({ id: z.string(), readAt: z.string() }) },
    errors: [404],
    handler: async ({ req, actor, params }) => {
      const readAt = await notifications.markRead(actorOf(actor).id, params.id);
      state(req).audit = { type: 'notification.read', target: params.id };
      return { id: params.id, readAt: readAt.toISOString() };
    },
  });
}
