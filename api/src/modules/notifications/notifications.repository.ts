import type { Db, Tx } from '../../db/knex.js';

/** Either the database or an open transaction of the caller. */
type Queryable = Db | Tx;

export const CHANNELS = ['site', 'email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Recipient {
  id: string;
  email: string | null;
  phone: string | null;
  preferences: Channel[];
}

export interface OutboxRow {
  userId: string;
  caseId: string | null;
  channel: Channel;
  template: string;
  title: string;
  body: string;
  dedupeKey: string;
}

/** A pending e-mail or SMS taken for one delivery attempt, with the recipient's current address. */
export interface ClaimedNotification {
  id: string;
  channel: Exclude<Channel, 'site'>;
  title: string;
  body: string;
  /** Attempts including this one. */
  attempts: number;
  address: string | null;
}

export interface SiteMessage {
  id: string;
  caseNo: string | null;
  template: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

const ms = (n: number) => Math.max(0, Math.round(n));

export function createNotificationsRepository() {
  return {
    async findRecipient(q: Queryable, userId: string): Promise<Recipient | null> {
      const row = (await q('users').where({ id: userId }).first('id', 'email', 'phone', 'contact_preferences')) as
        { id: string; email: string | null; phone: string | null; contact_preferences: unknown } | undefined;
      if (!row) return null;
      const prefs = Array.isArray(row.contact_preferences) ? row.contact_preferences : [];
      return {
        id: row.id,
        email: row.email?.trim() || null,
        phone: row.phone?.trim() || null,
        preferences: prefs.filter((c): c is Channel => (CHANNELS as readonly unknown[]).includes(c)),
      };
    },

    /**
     * Writes outbox rows; a dedupe key already present is skipped, so a re-delivered worker task
     * adds nothing. Site messages are the inbox itself and count as sent at once.
     */
    async insert(q: Queryable, rows: OutboxRow[]): Promise<Channel[]> {
      if (rows.length === 0) return [];
      const inserted = (await q('notifications')
        .insert(
          rows.map((r) => ({
            user_id: r.userId,
            case_id: r.caseId,
            channel: r.channel,
            template: r.template,
            title: r.title,
            body: r.body,
            dedupe_key: r.dedupeKey,
            ...(r.channel === 'site' ? { status: 'sent', sent_at: q.fn.now() } : {}),
          })),
        )
        .onConflict('dedupe_key')
        .ignore()
        .returning('channel')) as { channel: Channel }[];
      return inserted.map((r) => r.channel);
    },

    /**
     * Takes up to `limit` due e-mail/SMS rows in one statement (its own short transaction): each
     * gets one more attempt and a lease, so neither another replica (SKIP LOCKED) nor the next
     * round picks it up while it is being sent, and a crash mid-send only delays it by the lease.
     */
    async claimDue(db: Db, opts: { limit: number; leaseMs: number }): Promise<ClaimedNotification[]> {
      const { rows } = (await db.raw(
        `WITH due AS (
           SELECT id FROM notifications
            WHERE status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at, id
            LIMIT ?
            FOR UPDATE SKIP LOCKED
         )
         UPDATE notifications n
            SET attempts = n.attempts + 1,
                next_attempt_at = now() + (? * interval '1 millisecond')
           FROM due, users u
          WHERE n.id = due.id AND u.id = n.user_id
        RETURNING n.id, n.channel, n.title, n.body, n.attempts,
                  CASE n.channel WHEN 'email' THEN u.email ELSE u.phone END AS address`,
        [opts.limit, ms(opts.leaseMs)],
      )) as {
        rows: {
          id: string;
          channel: 'email' | 'sms';
          title: string;
          body: string;
          attempts: number;
          address: string | null;
        }[];
      };
      return rows.map((r) => ({ ...r, id: String(r.id), attempts: Number(r.attempts) }));
    },

    async markSent(db: Db, id: string): Promise<void> {
      await db('notifications')
        .where({ id, status: 'pending' })
        .update({ status: 'sent', sent_at: db.fn.now(), last_error: null });
    },

    async scheduleRetry(db: Db, id: string, delayMs: number, error: string): Promise<void> {
      await db('notifications')
        .where({ id, status: 'pending' })
        .update({
          next_attempt_at: db.raw(`now() + (? * interval '1 millisecond')`, [ms(delayMs)]),
          last_error: error,
        });
    },

    async markFailed(db: Db, id: string, error: string): Promise<void> {
      await db('notifications').where({ id, status: 'pending' }).update({ status: 'failed', last_error: error });
    },

    /** The user's in-site messages, newest first, with the unread count. */
    async listSite(
      db: Db,
      userId: string,
      page: { page: number; pageSize: number },
    ): Promise<{ items: SiteMessage[]; total: number; unread: number }> {
      const mine = () => db('notifications as n').where({ 'n.user_id': userId, 'n.channel': 'site' });
      const [counts] = (await mine().select(
        db.raw('count(*) AS total'),
        db.raw('count(*) FILTER (WHERE n.read_at IS NULL) AS unread'),
      )) as { total: string | number; unread: string | number }[];
      const rows = (await mine()
        .leftJoin('cases as c', 'c.id', 'n.case_id')
        .select('n.id', 'n.template', 'n.title', 'n.body', 'n.created_at', 'n.read_at', 'c.case_no')
        .orderBy([
          { column: 'n.created_at', order: 'desc' },
          { column: 'n.id', order: 'desc' },
        ])
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)) as {
        id: string;
        template: string;
        title: string;
        body: string;
        created_at: Date;
        read_at: Date | null;
        case_no: string | null;
      }[];
      return {
        items: rows.map((r) => ({
          id: String(r.id),
          caseNo: r.case_no,
          template: r.template,
          title: r.title,
          body: r.body,
          createdAt: new Date(r.created_at),
          readAt: r.read_at ? new Date(r.read_at) : null,
        })),
        total: Number(counts?.total ?? 0),
        unread: Number(counts?.unread ?? 0),
      };
    },

    /** Marks the user's own site message read (the first read time is kept); null when not theirs. */
    async markRead(db: Db, userId: string, id: string): Promise<Date | null> {
      const [row] = (await db('notifications')
        .where({ id, user_id: userId, channel: 'site' })
        .update({ read_at: db.raw('coalesce(read_at, now())') })
        .returning('read_at')) as { read_at: Date }[];
      return row ? new Date(row.read_at) : null;
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
