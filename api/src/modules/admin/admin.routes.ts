import { z } from 'zod';
import { DepartmentRef, ROLES, ROLE_LABELS, USER_KINDS } from '@tongban/contracts';
import type { Actor } from '../../http/context.js';
import type { ApiRouter } from '../../http/router.js';
import type { UserRecord } from '../auth/index.js';
import type { AdminService } from './admin.service.js';

const Department = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  level: z.number(),
});
const UserItem = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  kind: z.enum(USER_KINDS),
  roles: z.array(z.enum(ROLES)),
  departments: z.array(DepartmentRef),
  disabled: z.boolean(),
  locked: z.boolean(),
});
const UserList = z.object({
  items: z.array(UserItem.extend({ phone: z.string().nullable(), email: z.string().nullable() })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

const toItem = (u: UserRecord | null) =>
  u && {
    id: u.id,
    username: u.username,
    name: u.name,
    kind: u.kind,
    roles: u.roles,
    departments: u.departments,
    disabled: u.disabled,
    locked: !!u.lockedUntil && u.lockedUntil > new Date(),
  };

const ADMINS = ['sysadmin', 'secadmin'] as const;

export function registerAdminRoutes(router: ApiRouter, admin: AdminService): void {
  router.add({
    method: 'get',
    path: '/api/v1/departments',
    summary: 'Departments of the district',
    tags: ['admin'],
    access: { kind: 'authenticated' },
    success: { status: 200, description: 'Departments', schema: z.array(Department) },
    handler: () => admin.departments(),
  });

  router.add({
    method: 'get',
    path: '/api/v1/roles',
    summary: 'Roles overview',
    tags: ['admin'],
    access: { kind: 'roles', roles: ADMINS },
    success: {
      status: 200,
      description: 'Roles',
      schema: z.array(
        z.object({
          code: z.enum(ROLES),
          name: z.string(),
          nameEn: z.string(),
          users: z.number().describe('enabled users holding the role'),
        }),
      ),
    },
    handler: async () => {
      const { roles } = await admin.headcounts();
      return ROLES.map((code) => ({
        code,
        name: ROLE_LABELS[code].zh,
        nameEn: ROLE_LABELS[code].en,
        users: roles[code] ?? 0,
      }));
    },
  });

  router.add({
    method: 'get',
    path: '/api/v1/departments/headcount',
    summary: 'Enabled staff per department (administrators)',
    tags: ['admin'],
    access: { kind: 'roles', roles: ADMINS },
    success: { status: 200, description: 'Users per department code', schema: z.record(z.string(), z.number()) },
    handler: async () => (await admin.headcounts()).departments,
  });

  router.add({
    method: 'get',
    path: '/api/v1/users',
    summary: 'Users (administrators)',
    tags: ['admin'],
    access: { kind: 'roles', roles: ADMINS },
    query: z.object({
      role: z.enum(ROLES).optional(),
      department: z.string().max(32).optional(),
      q: z.string().max(64).optional(),
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(200).default(20),
    }),
    success: { status: 200, description: 'A page of users; phones masked', schema: UserList },
    handler: async ({ query }) => ({ ...(await admin.users(query)), page: query.page, pageSize: query.pageSize }),
  });

  router.add({
    method: 'post',
    path: '/api/v1/users',
    summary: 'Create a user (system administrator)',
    tags: ['admin'],
    access: { kind: 'roles', roles: ['sysadmin'] },
    body: z.object({
      username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, '3–64 letters, digits, _ . -'),
      name: z.string().min(1).max(128),
      kind: z.enum(USER_KINDS).default('staff'),
      password: z.string().min(1).max(128),
      roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
      departments: z.array(z.string().max(32)).max(50).default([]),
      phone: z
        .string()
        .regex(/^\+?[0-9-]{5,20}$/)
        .optional(),
      email: z.email().optional(),
    }),
    success: { status: 201, description: 'Created', schema: UserItem },
    errors: [409, 422],
    handler: async ({ req, actor, body }) => toItem(await admin.createUser(req, actor as Actor, body)),
  });

  router.add({
    method: 'patch',
    path: '/api/v1/users/:id',
    summary: 'Change roles, departments, disable, unlock or reset the password of a user',
    tags: ['admin'],
    access: { kind: 'roles', roles: ADMINS },
    params: z.object({ id: z.uuid() }),
    body: z
      .object({
        name: z.string().min(1).max(128).optional(),
        roles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
        departments: z.array(z.string().max(32)).max(50).optional(),
        disabled: z.boolean().optional(),
        unlock: z.boolean().optional(),
        resetPassword: z.string().min(1).max(128).optional(),
      })
      .refine((b) => Object.keys(b).length > 0, 'nothing to change'),
    success: { status: 200, description: 'Updated', schema: UserItem },
    errors: [404, 422],
    handler: async ({ req, actor, params, body }) =>
      toItem(await admin.patchUser(req, actor as Actor, params.id, body)),
  });
}
