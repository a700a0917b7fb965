import { z } from 'zod';
import { LoginRequest, LoginResponse, UserDto } from '@tongban/contracts';
import type { ApiRouter } from '../../http/router.js';
import type { Actor } from '../../http/context.js';
import type { AuthService } from './auth.service.js';
import { toUserDto } from './auth.service.js';

export function registerAuthRoutes(router: ApiRouter, auth: AuthService): void {
  router.add({
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Log in with a local account',
    tags: ['auth'],
    access: { kind: 'public' },
    body: LoginRequest,
    success: { status: 200, description: 'Logged in', schema: LoginResponse },
    errors: [401, 423, 429],
    handler: ({ req, body }) => auth.login(req, body.username, body.password),
  });

  router.add({
    method: 'get',
    path: '/api/v1/auth/me',
    summary: 'The logged-in user',
    tags: ['auth'],
    access: { kind: 'authenticated', allowExpiredPassword: true },
    success: { status: 200, description: 'Current user', schema: UserDto.extend({ passwordExpired: z.boolean() }) },
    handler: async ({ actor }) => ({ ...toUserDto(actor as Actor), passwordExpired: (actor as Actor).passwordExpired }),
  });

  router.add({
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    access: { kind: 'authenticated', allowExpiredPassword: true },
    success: { status: 204, description: 'Logged out' },
    handler: async ({ req, actor }) => {
      await auth.logout(req, actor as Actor);
      return undefined;
    },
  });

  router.add({
    method: 'post',
    path: '/api/v1/auth/password',
    summary: 'Change my password',
    tags: ['auth'],
    access: { kind: 'authenticated', allowExpiredPassword: true },
    body: z.object({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) }),
    success: { status: 204, description: 'Password changed' },
    errors: [422],
    handler: async ({ req, actor, body }) => {
      await auth.changePassword(req, actor as Actor, body.currentPassword, body.newPassword);
      return undefined;
    },
  });
}
