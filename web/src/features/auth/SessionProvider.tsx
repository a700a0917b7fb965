import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import type { UserDto } from '@tongban/contracts';
import { configureClient } from '../../api/client';
import { tokenStore } from '../../api/token';
import { fetchCurrentUser, login, logout } from './auth.api';
import { LOGIN_PATH } from './redirect';
import { SessionContext, type SessionValue } from './session-context';

type SessionState =
  | { status: 'restoring' }
  | { status: 'anonymous' }
  | { status: 'authenticated'; user: UserDto; passwordExpired: boolean };

/**
 * Holds who is signed in. The token lives in sessionStorage; after a reload the user is fetched
 * again from /auth/me. Idle expiry is the API's business (30 minutes): when it answers 401 the
 * client clears the token and this provider forgets the user, so the route guard sends the browser
 * to the login page with the current address as the way back.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [state, setState] = useState<SessionState>(() =>
    tokenStore.get() ? { status: 'restoring' } : { status: 'anonymous' },
  );

  useEffect(() => configureClient({ onUnauthenticated: () => setState({ status: 'anonymous' }) }), []);

  const restoring = state.status === 'restoring';
  useEffect(() => {
    if (!restoring) return;
    const controller = new AbortController();
    fetchCurrentUser(controller.signal).then(
      ({ user, passwordExpired }) => setState({ status: 'authenticated', user, passwordExpired }),
      () => {
        if (!controller.signal.aborted) setState({ status: 'anonymous' });
      },
    );
    return () => controller.abort();
  }, [restoring]);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await login({ username, password });
    tokenStore.set(answer.token);
    setState({ status: 'authenticated', user: answer.user, passwordExpired: answer.passwordExpired });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } catch {
      // The token is dropped locally either way; an expired one is already gone on the server.
    }
    tokenStore.clear();
    setState({ status: 'anonymous' });
    navigate(LOGIN_PATH, { replace: true });
  }, [navigate]);

  const value = useMemo<SessionValue>(
    () => ({
      status: state.status,
      user: state.status === 'authenticated' ? state.user : null,
      passwordExpired: state.status === 'authenticated' && state.passwordExpired,
      signIn,
      signOut,
    }),
    [state, signIn, signOut],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
