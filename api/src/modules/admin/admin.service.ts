import type { Request } from 'express';
import type { Role, UserKind } from '@tongban/contracts';
import { inTransaction, type Db } from '../../db/knex.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import type { Actor } from '../../http/context.js';
import { maskPhone } from '../../privacy.js';
import type { AuditService } from '../audit/index.js';
import { assertPasswordPolicy, hashPassword, type AuthRepository } from '../auth/index.js';
import type { AdminRepository, UserFilter } from './admin.repository.js';

export interface CreateUserInput {
  username: string;
  name: string;
  kind: UserKind;
  password: string;
  roles: Role[];
  departments: string[];
  phone?: string;
  email?: string;
}

export interface PatchUserInput {
  name?: string;
  roles?: Role[];
  departments?: string[];
  disabled?: boolean;
  unlock?: boolean;
  resetPassword?: string;
}

/**
 * Users and departments. Separated duties (三权分立): the system administrator manages accounts
 * and their departments; the security administrator manages roles, unlocking and password resets;
 * nobody changes their own roles.
 */
export function createAdminService(db: Db, repo: AdminRepository, authRepo: AuthRepository, audit: AuditService) {
  async function assertDepartments(codes: string[]) {
    const found = await repo.departmentsExist(codes);
    const missing = codes.filter((c) => !found.includes(c));
    if (missing.length)
      throw new AppError('VALIDATION_FAILED', '部门不存在', { departments: `unknown: ${missing.join(', ')}` });
  }

  return {
    departments: () => repo.departments(),

    /** Enabled users per role and per department (administrators' overviews). */
    headcounts() {
      return repo.headcounts();
    },

    async users(f: UserFilter) {
      const r = await repo.users(f);
      return { ...r, items: r.items.map((u) => ({ ...u, phone: maskPhone(u.phone) })) };
    },

    async createUser(req: Request, actor: Actor, input: CreateUserInput) {
      if (!actor.roles.includes('sysadmin')) throw forbidden('只有系统管理员可以创建账号');
      assertPasswordPolicy(input.password, input.username);
      await assertDepartments(input.departments);
      if (await repo.usernameTaken(input.username))
        throw new AppError('USERNAME_TAKEN', '用户名已存在', { username: 'taken' });
      const passwordHash = await hashPassword(input.password);
      const id = await inTransaction(db, async (trx) => {
        const userId = await repo.createUser(trx, { ...input, passwordHash });
        await repo.setRoles(trx, userId, input.roles);
        await repo.setDepartments(trx, userId, input.departments);
        await audit.record(
          req,
          {
            type: 'admin.user.create',
            success: true,
            target: input.username,
            detail: { roles: input.roles, departments: input.departments },
          },
          trx,
        );
        return userId;
      });
      const created = await authRepo.findById(id);
      return created;
    },

    async patchUser(req: Request, actor: Actor, userId: string, p: PatchUserInput) {
      const target = await authRepo.findById(userId);
      if (!target) throw notFound('用户');
      const sys = actor.roles.includes('sysadmin');
      const sec = actor.roles.includes('secadmin');
      if ((p.name !== undefined || p.departments !== undefined || p.disabled !== undefined) && !sys)
        throw forbidden('只有系统管理员可以修改账号信息');
      if ((p.roles !== undefined || p.unlock || p.resetPassword !== undefined) && !sec)
        throw forbidden('只有安全管理员可以修改角色、解锁或重置密码');
      if (p.roles !== undefined && userId === actor.id) throw forbidden('不能修改自己的角色');
      if (p.departments) await assertDepartments(p.departments);
      if (p.resetPassword !== undefined) assertPasswordPolicy(p.resetPassword, target.username);
      const newHash = p.resetPassword !== undefined ? await hashPassword(p.resetPassword) : null;
      await inTransaction(db, async (trx) => {
        await repo.updateUser(trx, userId, { name: p.name, disabled: p.disabled, unlock: p.unlock });
        if (p.roles) await repo.setRoles(trx, userId, p.roles);
        if (p.departments) await repo.setDepartments(trx, userId, p.departments);
        if (newHash) await authRepo.setPassword(userId, newHash, trx);
        if (p.disabled || newHash || p.roles) await authRepo.revokeUserSessions(userId, trx);
        await audit.record(
          req,
          {
            type: 'admin.user.update',
            success: true,
            target: target.username,
            detail: { ...p, resetPassword: p.resetPassword !== undefined ? '[set]' : undefined },
          },
          trx,
        );
      });
      return authRepo.findById(userId);
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
