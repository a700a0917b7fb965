import type { DepartmentRef, Role, UserKind } from '@tongban/contracts';
import type { Db, Tx } from '../../db/knex.js';

export interface DepartmentDto {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
}

export interface UserListItem {
  id: string;
  username: string;
  name: string;
  kind: UserKind;
  roles: Role[];
  departments: DepartmentRef[];
  disabled: boolean;
  locked: boolean;
  phone: string | null;
  email: string | null;
}

export interface UserFilter {
  role?: string;
  department?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export function createAdminRepository(db: Db) {
  return {
    async departments(): Promise<DepartmentDto[]> {
      const rows = (await db('departments').select('code', 'name', 'parent_code', 'level').orderBy('code')) as {
        code: string;
        name: string;
        parent_code: string | null;
        level: number;
      }[];
      return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code, level: r.level }));
    },

    /** Enabled users per role and per department, for the roles and departments overviews. */
    async headcounts(): Promise<{ roles: Record<string, number>; departments: Record<string, number> }> {
      const [roles, departments] = await Promise.all([
        db('user_roles as r')
          .join('users as u', 'u.id', 'r.user_id')
          .where('u.disabled', false)
          .groupBy('r.role_code')
          .select('r.role_code as code', db.raw('count(*)::int AS n')),
        db('user_departments as d')
          .join('users as u', 'u.id', 'd.user_id')
          .where('u.disabled', false)
          .groupBy('d.department_code')
          .select('d.department_code as code', db.raw('count(*)::int AS n')),
      ]);
      const map = (rows: { code: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
      return {
        roles: map(roles as { code: string; n: number }[]),
        departments: map(departments as { code: string; n: number }[]),
      };
    },

    async departmentsExist(codes: string[]): Promise<string[]> {
      if (codes.length === 0) return [];
      return (await db('departments').whereIn('code', codes).pluck('code')) as string[];
    },

    async users(f: UserFilter): Promise<{ items: UserListItem[]; total: number }> {
      const base = db('users as u');
      if (f.role) base.whereExists(db('user_roles as r').whereRaw('r.user_id = u.id').where('r.role_code', f.role));
      if (f.department)
        base.whereExists(
          db('user_departments as d').whereRaw('d.user_id = u.id').where('d.department_code', f.department),
        );
      if (f.q) base.where((w) => w.whereILike('u.username', `%${f.q}%`).orWhereILike('u.name', `%${f.q}%`));
      const [{ count }] = (await base.clone().count({ count: '*' })) as [{ count: string | number }];
      const rows = (await base
        .select(
          'u.id',
          'u.username',
          'u.name',
          'u.kind',
          'u.disabled',
          'u.phone',
          'u.email',
          db.raw(`(u.locked_until IS NOT NULL AND u.locked_until > now()) AS locked`),
          db.raw(
            `COALESCE((SELECT json_agg(ur.role_code ORDER BY ur.role_code) FROM user_roles ur WHERE ur.user_id = u.id), '[]') AS roles`,
          ),
          db.raw(`COALESCE((SELECT json_agg(json_build_object('code', d.code, 'name', d.name) ORDER BY d.code)
                   FROM user_departments ud JOIN departments d ON d.code = ud.department_code WHERE ud.user_id = u.id), '[]') AS departments`),
        )
        .orderBy('u.username')
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize)) as (Omit<UserListItem, 'roles' | 'departments'> & {
        roles: unknown;
        departments: unknown;
      })[];
      return {
        items: rows.map((r) => ({
          ...r,
          roles: json(r.roles as Role[]),
          departments: json(r.departments as DepartmentRef[]),
        })),
        total: Number(count),
      };
    },

    async usernameTaken(username: string): Promise<boolean> {
      return !!(await db('users').where({ username }).first('id'));
    },

    async createUser(
      trx: Tx,
      u: {
        username: string;
        name: string;
        kind: UserKind;
        passwordHash: string;
        phone?: string | null;
        email?: string | null;
        idNumber?: string | null;
      },
    ): Promise<string> {
      const [row] = await trx('users')
        .insert({
          username: u.username,
          name: u.name,
          kind: u.kind,
          password_hash: u.passwordHash,
          phone: u.phone ?? null,
          email: u.email ?? null,
          id_number: u.idNumber ?? null,
        })
        .returning('id');
      return (row as { id: string }).id;
    },

    async setRoles(trx: Tx, userId: string, roles: readonly string[]): Promise<void> {
      await trx('user_roles').where({ user_id: userId }).del();
      if (roles.length) await trx('user_roles').insert(roles.map((role_code) => ({ user_id: userId, role_code })));
    },

    async setDepartments(trx: Tx, userId: string, departments: readonly string[]): Promise<void> {
      await trx('user_departments').where({ user_id: userId }).del();
      if (departments.length)
        await trx('user_departments').insert(
          departments.map((department_code) => ({ user_id: userId, department_code })),
        );
    },

    async updateUser(
      trx: Tx,
      userId: string,
      patch: { name?: string; disabled?: boolean; unlock?: boolean },
    ): Promise<void> {
      const update: Record<string, unknown> = { updated_at: trx.fn.now() };
      if (patch.name !== undefined) update.name = patch.name;
      if (patch.disabled !== undefined) update.disabled = patch.disabled;
      if (patch.unlock) Object.assign(update, { locked_until: null, failed_logins: 0 });
      await trx('users').where({ id: userId }).update(update);
    },
  };
}

export type AdminRepository = ReturnType<typeof createAdminRepository>;
