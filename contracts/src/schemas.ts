import { z } from 'zod';
import { ROLES, USER_KINDS } from './roles.js';

/** DTOs shared by API, workers and console. The API validates with these and documents them. */
export const DepartmentRef = z.object({ code: z.string(), name: z.string() });
export type DepartmentRef = z.infer<typeof DepartmentRef>;

export const UserDto = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  kind: z.enum(USER_KINDS),
  roles: z.array(z.enum(ROLES)),
  departments: z.array(DepartmentRef),
});
export type UserDto = z.infer<typeof UserDto>;

export const LoginRequest = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: UserDto,
  passwordExpired: z.boolean(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.object({ status: z.enum(['up', 'down']), kind: z.enum(['postgres', 'pglite']) }),
  engine: z.object({ status: z.enum(['up', 'down']), version: z.string().optional() }),
  workers: z.object({
    status: z.enum(['up', 'down']),
    lastSeenAt: z.string().nullable(),
    instances: z.array(z.object({ workerId: z.string(), lastSeenAt: z.string(), topics: z.array(z.string()) })),
  }),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** Password policy of DOMAIN.md §7: ≥ 8 characters, 3 of 4 character classes. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('at least 8 characters');
  if (password.length > 128) problems.push('at most 128 characters');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('at least 3 of: lower case, upper case, digits, symbols');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('must not contain the username');
  return problems;
}
