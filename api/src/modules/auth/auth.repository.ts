import type { DepartmentRef, Role, UserKind } from '@tongban/contracts';
import type { Db, Tx } from '../../db/knex.js';

export interface UserRecord {
  id: string;
  username: string;
  name: string;
  kind: UserKind;
  passwordHash: string;
  passwordChangedAt: Date;
  failedLogins: number;
  lockedUntil: Date | null;
  disabled: boolean;
  roles: Role[];
  departments: DepartmentRef[];
}

export interface SessionRecord {
  sessionId: string;
  lastSeenAt: Date;
  user: UserRecord;
}

const USER_COLUMNS = `u.id, u.username, u.name, u.kind, u.password_hash, u.password_changed_at, u.failed_logins,
  u.locked_until, u.disabled,
  COALESCE((SELECT json_agg(ur.role_code ORDER BY ur.role_code) FROM user_roles ur WHERE ur.user_id = u.id), '[]') AS roles,
  COALESCE((SELECT json_agg(json_build_object('code', d.code, 'name', d.name) ORDER BY d.code)
            FROM user_departments ud JOIN departments d ON d.code = ud.department_code WHERE ud.user_id = u.id), '[]') AS departments`;

type UserRow = {
  id: string;
  username: string;
  name: string;
  kind: UserKind;
  password_hash: string;
  password_changed_at: Date;
  failed_logins: number;
  locked_until: Date | null;
  disabled: boolean;
  roles: Role[] | string;
  departments: DepartmentRef[] | string;
};

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  name: r.name,
  kind: r.kind,
  passwordHash: r.password_hash,
  passwordChangedAt: new Date(r.password_changed_at),
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until ? new Date(r.locked_until) : null,
  disabled: r.disabled,
  roles: json(r.roles),
  departments: json(r.departments),
});

const rows = (result: unknown): UserRow[] => (result as { rows: UserRow[] }).rows;

export function createAuthRepository(db: Db) {
  return {
    async findByUsername(username: string): Promise<UserRecord | null> {
      const r = rows(await db.raw(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username = ?`, [username]))[0];
      return r ? toUser(r) : null;
    },

    async findById(id: string): Promise<UserRecord | null> {
      const r = rows(await db.raw(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`, [id]))[0];
      return r ? toUser(r) : null;
    },

    /** Counts a failed login atomically; locks the account when the count reaches the limit. */
    async recordFailure(
      userId: string,
      maxFailures: number,
      lockMinutes: number,
    ): Promise<{ failedLogins: number; locked: boolean }> {
      const r = (
        await db.raw(
          `UPDATE users SET failed_logins = failed_logins + 1,
             locked_until = CASE WHEN failed_logins + 1 >= ? THEN now() + (? * interval '1 minute') ELSE locked_until END
           WHERE id = ? RETURNING failed_logins, locked_until`,
          [maxFailures, lockMinutes, userId],
        )
      ).rows[0] as { failed_logins: number; locked_until: Date | null };
      return { failedLogins: r.failed_logins, locked: r.failed_logins >= maxFailures };
    },

    async clearFailures(userId: string, trx?: Tx): Promise<void> {
      await (trx ?? db)('users').where({ id: userId }).update({ failed_logins: 0, locked_until: null });
    },

    async createSession(
      s: { tokenHash: string; userId: string; expiresAt: Date; ip: string; userAgent: string },
      trx?: Tx,
    ): Promise<string> {
      const [row] = await (trx ?? db)('sessions')
        .insert({
          token_hash: s.tokenHash,
          user_id: s.userId,
          expires_at: s.expiresAt,
          ip: s.ip,
          user_agent: s.userAgent.slice(0, 256),
        })
        .returning('id');
      return (row as { id: string }).id;
    },

    /** A live session: not revoked, not past its absolute expiry, used within the idle window. */
    async findLiveSession(tokenHash: string, idleMinutes: number): Promise<SessionRecord | null> {
      const r = (
        await db.raw(
          `SELECT s.id AS session_id, s.last_seen_at, ${USER_COLUMNS}
             FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > now()
              AND s.last_seen_at > now() - (? * interval '1 minute') AND NOT u.disabled`,
          [tokenHash, idleMinutes],
        )
      ).rows[0] as (UserRow & { session_id: string; last_seen_at: Date }) | undefined;
      return r ? { sessionId: r.session_id, lastSeenAt: new Date(r.last_seen_at), user: toUser(r) } : null;
    },

    async touchSession(sessionId: string): Promise<void> {
      await db('sessions').where({ id: sessionId }).update({ last_seen_at: db.fn.now() });
    },

    async revokeSession(sessionId: string): Promise<void> {
      await db('sessions').where({ id: sessionId }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
    },

    async revokeUserSessions(userId: string, trx?: Tx): Promise<void> {
      await (trx ?? db)('sessions')
        .where({ user_id: userId })
        .whereNull('revoked_at')
        .update({ revoked_at: db.fn.now() });
    },

    async setPassword(userId: string, hash: string, trx?: Tx): Promise<void> {
      await (trx ?? db)('users').where({ id: userId }).update({
        password_hash: hash,
        password_changed_at: db.fn.now(),
        failed_logins: 0,
        locked_until: null,
        updated_at: db.fn.now(),
      });
    },
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
