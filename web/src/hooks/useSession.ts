import { useCallback, useEffect, useState } from 'react';
import { ApiError, endpoints, onSessionLost, setLoginToken } from '../api.ts';

export type SessionState = 'checking' | 'signed-in' | 'signed-out';

/**
 * Standalone sign-in state. A reload loses the in-memory token but keeps the HttpOnly cookie,
 * so the first request tells whether the session is still alive.
 */
export function useSession() {
  const [state, setState] = useState<SessionState>('checking');

  useEffect(() => {
    onSessionLost(() => {
      setLoginToken(null);
      setState('signed-out');
    });
    let cancelled = false;
    endpoints.connections().then(
      () => !cancelled && setState('signed-in'),
      (err: unknown) => !cancelled && setState(err instanceof ApiError && err.status === 401 ? 'signed-out' : 'signed-in'),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const { token } = await endpoints.login(email, password);
    setLoginToken(token);
    setState('signed-in');
  }, []);

  const signOut = useCallback(async () => {
    // The session ends on the server and its cookie is cleared; signed out even if that call fails.
    await endpoints.logout().catch(() => undefined);
    setLoginToken(null);
    setState('signed-out');
  }, []);

  /** Signed in by a token the server just issued (the first run's owner account). */
  const adopt = useCallback((token: string) => {
    setLoginToken(token);
    setState('signed-in');
  }, []);

  return { state, signIn, signOut, adopt };
}
