import type { AppConfig } from '../../config.js';
import type { Db } from '../../db/knex.js';
import type { ApiRouter } from '../../http/router.js';
import type { Logger } from '../../logger.js';
import { createNotificationDispatcher } from './dispatcher.js';
import { createNotificationsRepository } from './notifications.repository.js';
import { registerNotificationRoutes } from './notifications.routes.js';
import { createNotificationsService } from './notifications.service.js';

/**
 * The notification outbox: `service.enqueue` inside the caller's transaction, the dispatcher
 * that delivers e-mail and SMS (started by the process, not here), and the in-site inbox routes.
 */
export function createNotificationsModule(deps: { db: Db; config: AppConfig['notifications']; log: Logger }) {
  const service = createNotificationsService({ ...deps, repo: createNotificationsRepository() });
  return {
    service,
    dispatcher: createNotificationDispatcher(deps),
    registerRoutes: (router: ApiRouter) => registerNotificationRoutes(router, service),
  };
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
export {
  createNotificationDispatcher,
  backoffDelayMs,
  type NotificationDispatcher,
  type DispatchResult,
} from './dispatcher.js';
export { createNotificationsService, type EnqueueInput, type NotificationsService } from './notifications.service.js';
export { CHANNELS, type Channel } from './notifications.repository.js';
export { registerNotificationRoutes } from './notifications.routes.js';
export { maskEmail } from './mask.js';
