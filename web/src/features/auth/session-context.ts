import { createContext, useContext } from 'react';
import type { UserDto } from '@tongban/contracts';

export type SessionStatus = 'restoring' | 'anonymous' | 'authenticated';

export interface SessionValue {
  status: SessionStatus;
  user: UserDto | null;
  /** From sign-in or /auth/me; the API refuses most calls (403 PASSWORD_EXPIRED) until the password changes. */
  passwordExpired: boolean;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** For pages only reachable signed in (below the session guard). */
export function useCurrentUser(): UserDto {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser needs a signed-in user');
  return user;
}
