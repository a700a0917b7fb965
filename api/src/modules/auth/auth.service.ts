import { createHash, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { UserDto } from '@tongban/contracts';
import type { AppConfig } from '../../config.js';
import { AppError, unauthenticated } from '../../errors.js';
import { clientIp, type Actor } from '../../http/context.js';
import type { AuditService } from '../audit/index.js';
import type { AuthRepository, UserRecord } from './auth.repository.js';
import { DUMMY_HASH, assertPasswordPolicy, hashPassword, verifyPassword } from './password.js';
import { createRateLimiter } from '../../http/rate-limit.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const toUserDto = (
  u: Pick<UserRecord, 'id' | 'username' | 'name' | 'kind' | 'roles' | 'departments'>,
): UserDto => ({
  id: u.id,
  username: u.username,
  name: u.name,
  kind: u.kind,
  roles: u.roles,
  departments: u.departments,
});

const INVALID = () => new AppError('UNAUTHENTICATED', '用户名或密码错误');

export function createAuthService(repo: AuthRepository, audit: AuditService, cfg: AppConfig['auth']) {
  const limiter = createRateLimiter(cfg.loginRatePerMinute);
  const isPasswordExpired = (u: UserRecord) =>
    Date.now() - u.passwordChangedAt.getTime() > cfg.passwordMaxAgeDays * 86_400_000;

  return {
    async login(req: Request, username: string, password: string) {
      const ip = clientIp(req);
      if (!limiter.take(ip)) throw new AppError('RATE_LIMITED', '登录尝试过于频繁，请稍后再试');
      const user = await repo.findByUsername(username);
      const attempted = { id: user?.id ?? null, username };
      if (!user || user.disabled) {
        await verifyPassword(password, DUMMY_HASH);
        await audit.record(req, {
          type: 'auth.login',
          success: false,
          actor: attempted,
          detail: { reason: user ? 'disabled' : 'unknown_user' },
        });
        throw INVALID();
      }
      if (user.lockedUntil && user.lockedUntil > new Date()) {
        await audit.record(req, { type: 'auth.login', success: false, actor: attempted, detail: { reason: 'locked' } });
        throw new AppError('ACCOUNT_LOCKED', `账号已锁定，请于 ${cfg.lockMinutes} 分钟后再试`, {
          lockedUntil: user.lockedUntil.toISOString(),
        });
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        const r = await repo.recordFailure(user.id, cfg.maxFailures, cfg.lockMinutes);
        await audit.record(req, {
          type: 'auth.login',
          success: false,
          actor: attempted,
          detail: { reason: 'bad_password', failedLogins: r.failedLogins, locked: r.locked },
        });
        throw INVALID();
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + cfg.maxHours * 3_600_000);
      await repo.clearFailures(user.id);
      await repo.createSession({
        tokenHash: hashToken(token),
        userId: user.id,
        expiresAt,
        ip,
        userAgent: req.get('user-agent') ?? '',
      });
      const passwordExpired = isPasswordExpired(user);
      await audit.record(req, { type: 'auth.login', success: true, actor: attempted, detail: { passwordExpired } });
      return { token, expiresAt: expiresAt.toISOString(), user: toUserDto(user), passwordExpired };
    },

    /** Resolves the bearer token to an actor; refreshes the idle timer at most every 30 s. */
    async authenticate(token: string): Promise<Actor | null> {
      const s = await repo.findLiveSession(hashToken(token), cfg.idleMinutes);
      if (!s) return null;
      if (Date.now() - s.lastSeenAt.getTime() > 30_000) await repo.touchSession(s.sessionId);
      return { ...toUserDto(s.user), sessionId: s.sessionId, passwordExpired: isPasswordExpired(s.user) };
    },

    async logout(req: Request, actor: Actor): Promise<void> {
      await repo.revokeSession(actor.sessionId);
      await audit.record(req, { type: 'auth.logout', success: true });
    },

    async changePassword(req: Request, actor: Actor, current: string, next: string): Promise<void> {
      const user = await repo.findById(actor.id);
      if (!user) throw unauthenticated();
      if (!(await verifyPassword(current, user.passwordHash))) {
        await audit.record(req, {
          type: 'auth.password.change',
          success: false,
          detail: { reason: 'bad_current_password' },
        });
        throw new AppError('VALIDATION_FAILED', '当前密码不正确', { currentPassword: 'does not match' });
      }
      assertPasswordPolicy(next, user.username);
      if (await verifyPassword(next, user.passwordHash)) {
        throw new AppError('PASSWORD_POLICY', '新密码不能与当前密码相同', {
          newPassword: 'must differ from the current password',
        });
      }
      await repo.setPassword(user.id, await hashPassword(next));
      await audit.record(req, { type: 'auth.password.change', success: true });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
