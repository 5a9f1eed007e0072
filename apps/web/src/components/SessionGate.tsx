'use client';

import { useEffect, type ReactNode } from 'react';
import { SignInView } from '@/features/signin/SignInView';
import { session, useSession } from '@/lib/session';
import { UrqlProvider } from '@/lib/urql';
import { Loading } from './QueryState';
import { ConnectionScope } from './ConnectionScope';

/**
 * Renders the page only with a session: asks /auth/session once per page load, shows the sign-in screen while the
 * server requires a key and there is none, and gives each session its own urql client (no other team's cached data
 * survives a sign-out), so a view never starts a request the server would refuse.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const s = useSession();
  useEffect(() => {
    void session.load();
  }, []);

  switch (s.status) {
    case 'loading':
      return <Loading what="the session" />;
    case 'unreachable':
      return (
        <p className="error-box" role="alert">
          Could not reach the server to check the session ({s.message}).{' '}
          <button type="button" onClick={() => void session.load()}>
            Try again
          </button>
        </p>
      );
    case 'signedOut':
      return <SignInView expired={s.expired} />;
    case 'signedIn':
      return (
        <UrqlProvider key={s.epoch}>
          <ConnectionScope>{children}</ConnectionScope>
        </UrqlProvider>
      );
  }
}
