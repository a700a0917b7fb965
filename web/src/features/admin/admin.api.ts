import type { DepartmentRef, Role, UserKind } from '@tongban/contracts';
import { api } from '../../api/client';
import type { Page } from '../tasks/tasks.api';

export interface Department {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
}

export interface RoleInfo {
  code: Role;
  name: string;
  nameEn: string;
  /** Enabled users holding the role. */
  users?: number;
}

export interface UserRow {
  id: string;
  username: string;
  name: string;
  kind: UserKind;
  roles: Role[];
  departments: DepartmentRef[];
  disabled: boolean;
  locked: boolean;
  phone?: string | null;
  email?: string | null;
}

export interface UserQuery {
  q?: string;
  role?: Role;
  department?: string;
  page: number;
  pageSize: number;
}

export interface NewUser {
  username: string;
  name: string;
  kind: UserKind;
  password: string;
  roles: Role[];
  departments: string[];
}

export interface UserPatch {
  name?: string;
  roles?: Role[];
  departments?: string[];
  disabled?: boolean;
  unlock?: boolean;
  resetPassword?: string;
}

export function listDepartments(signal?: AbortSignal): Promise<Department[]> {
  return api.get<Department[]>('/departments', { signal });
}

/** Enabled staff per department code (administrators). */
export function departmentHeadcount(signal?: AbortSignal): Promise<Record<string, number>> {
  return api.get<Record<string, number>>('/departments/headcount', { signal, silent: true });
}

export function listRoles(signal?: AbortSignal): Promise<RoleInfo[]> {
  return api.get<RoleInfo[]>('/roles', { signal });
}

export function listUsers(query: UserQuery, signal?: AbortSignal): Promise<Page<UserRow>> {
  return api.get<Page<UserRow>>('/users', { query: { ...query }, signal });
}

/** Silent: the form shows the API's problems on its fields. */
export function createUser(body: NewUser): Promise<UserRow> {
  return api.post<UserRow>('/users', body, { silent: true });
}

export function patchUser(id: string, body: UserPatch): Promise<UserRow> {
  return api.patch<UserRow>(`/users/${encodeURIComponent(id)}`, body, { silent: true });
}
