import type { AppConfig } from '../../config.js';
import type { Db, Tx } from '../../db/knex.js';
import { AppError, notFound } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Channel, NotificationsRepository, OutboxRow, Recipient } from './notifications.repository.js';

export interface EnqueueInput {
  userId: string;
  caseId?: string | null;
  /** What the message is about, e.g. `case.accepted`; kept for the inbox and statistics. */
  template: string;
  title: string;
  body: string;
  /**
   * Identifies this message among everything ever sent, e.g. `case.accepted:<caseNo>`: the same
   * key again (a re-delivered worker task) sends nothing more.
   */
  dedupeKey: string;
}

// Column widths of the notifications table (the dedupe key gets `:<channel>` appended).
const LIMITS = { template: 48, title: 200, dedupeKey: 160 - ':email'.length };

type NotificationsConfig = AppConfig['notifications'];

/** Why a channel the user asked for is not used for them, or null when it is used. */
function skipReason(channel: Exclude<Channel, 'site'>, r: Recipient, config: NotificationsConfig): string | null {
  if (!r.preferences.includes(channel)) return 'not chosen by the user';
  if (channel === 'email') {
    if (!config.smtpUrl) return 'e-mail not configured (SMTP_URL)';
    if (!r.email) return 'user has no e-mail address';
  } else {
    if (!config.smsGatewayUrl) return 'SMS not configured (SMS_GATEWAY_URL)';
    if (!r.phone) return 'user has no phone number';
  }
  return null;
}

export function createNotificationsService(deps: {
  db: Db;
  repo: NotificationsRepository;
  config: NotificationsConfig;
  log: Logger;
}) {
  const { db, repo, config, log } = deps;

  return {
    /**
     * Queues a message for the user in the caller's transaction: always in the site inbox, and by
     * e-mail / SMS when the user chose them, has the address and the channel is configured.
     * Returns the channels newly queued (empty when the key was seen before).
     */
    async enqueue(trx: Db | Tx, input: EnqueueInput): Promise<Channel[]> {
      const problems: Record<string, string> = {};
      for (const key of ['template', 'title', 'dedupeKey'] as const) {
        const value = input[key];
        if (!value.trim()) problems[key] = 'required';
        else if ([...value].length > LIMITS[key]) problems[key] = `at most ${LIMITS[key]} characters`;
      }
      if (!input.body.trim()) problems.body = 'required';
      if (Object.keys(problems).length) throw new AppError('VALIDATION_FAILED', '通知内容不正确', problems);

      const recipient = await repo.findRecipient(trx, input.userId);
      if (!recipient) throw notFound('用户');
      const channels: Channel[] = ['site'];
      for (const channel of ['email', 'sms'] as const) {
        const reason = skipReason(channel, recipient, config);
        if (reason === null) channels.push(channel);
        else if (recipient.preferences.includes(channel))
          log.debug(
            { userId: input.userId, channel, template: input.template, reason },
            'notification channel skipped',
          );
      }
      const rows: OutboxRow[] = channels.map((channel) => ({
        userId: input.userId,
        caseId: input.caseId ?? null,
        channel,
        template: input.template,
        title: input.title,
        body: input.body,
        dedupeKey: `${input.dedupeKey}:${channel}`,
      }));
      return repo.insert(trx, rows);
    },

    inbox: (userId: string, page: { page: number; pageSize: number }) => repo.listSite(db, userId, page),

    /** Own site messages only; anything else is "not found". */
    async markRead(userId: string, id: string): Promise<Date> {
      const readAt = await repo.markRead(db, userId, id);
      if (!readAt) throw notFound('消息');
      return readAt;
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
