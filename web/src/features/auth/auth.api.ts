import type { LoginRequest, LoginResponse, UserDto } from '@tongban/contracts';
import { api } from '../../api/client';

/** Silent: the login form shows wrong-password, locked-account and validation messages itself. */
export function login(credentials: LoginRequest): Promise<LoginResponse> {
  return api.post<LoginResponse>('/auth/login', credentials, { auth: false, silent: true });
}

export async function logout(): Promise<void> {
  await api.post<void>('/auth/logout', undefined, { silent: true });
}

export interface CurrentUser {
  user: UserDto;
  passwordExpired: boolean;
}

/** Restores the session after a reload: the API answers the user with its `passwordExpired` flag. */
export async function fetchCurrentUser(signal?: AbortSignal): Promise<CurrentUser> {
  const { passwordExpired, ...user } = await api.get<UserDto & { passwordExpired?: boolean }>('/auth/me', { signal });
  return { user, passwordExpired: passwordExpired === true };
}
