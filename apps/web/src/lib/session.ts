'use client';

import { useSyncExternalStore } from 'react';

/**
 * Who the dashboard acts for, from the server's `/auth/session` endpoint: one small external store shared by the
 * header, the sign-in screen, the urql client (a 401 from any request means the key was revoked meanwhile) and the
 * views (which hide what the role cannot do). The key itself never reaches page scripts after sign-in: the server
 * keeps it in an HttpOnly cookie, which same-origin fetches send.
 */
export type Role = 'viewer' | 'submitter' | 'admin';

export type Session =
  /** Before the first answer from /auth/session (also what the static export renders). */
  | { readonly status: 'loading' }
  /** /auth/session could not be reached. */
  | { readonly status: 'unreachable'; readonly message: string }
  /** Auth is required and there is no valid session. `expired`: there was one, and a request was refused since. */
  | { readonly status: 'signedOut'; readonly expired: boolean }
  | {
      readonly status: 'signedIn';
      readonly team: string;
      readonly role: Role;
      /** False in open local mode: everyone is the default team's admin, there is nothing to sign out of. */
      readonly authRequired: boolean;
      readonly keyId: string | null;
      /** Bumped on every sign-in: the urql client (and its cache of another team's data) is made anew. */
      readonly epoch: number;
    };

export type SignedIn = Extract<Session, { status: 'signedIn' }>;

const SESSION_URL = `${process.env.NEXT_PUBLIC_API_URL ?? ''}/auth/session`;
const RANK: Record<Role, number> = { viewer: 0, submitter: 1, admin: 2 };

/** Whether `role` includes `needed` (viewer < submitter < admin), as the server's `allows`. */
export function allows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

const listeners = new Set<() => void>();
let state: Session = { status: 'loading' };
let epoch = 0;

function set(next: Session): void {
  state = next;
  for (const l of listeners) l();
}

interface SessionBody {
  signedIn: boolean;
  authRequired: boolean;
  team?: string;
  role?: Role;
  keyId?: string | null;
}

function fromBody(body: SessionBody, expired = false): Session {
  if (!body.signedIn || !body.team || !body.role) return { status: 'signedOut', expired };
  return { status: 'signedIn', team: body.team, role: body.role, authRequired: body.authRequired, keyId: body.keyId ?? null, epoch: ++epoch };
}

async function request(method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<Response> {
  return fetch(SESSION_URL, {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Why the server refused a sign-in, in its words when it gave some. */
async function refusal(res: Response): Promise<string> {
  if (res.status === 401) return 'That key was not accepted: it is unknown or has been revoked.';
  try {
    const body = (await res.json()) as { error?: string; errors?: { message: string }[] };
    return body.error ?? body.errors?.[0]?.message ?? `The server answered ${res.status}.`;
  } catch {
    return `The server answered ${res.status}.`;
  }
}

export const session = {
  /** Asks the server who this browser is (on load, and after a refused request). */
  async load(expired = false): Promise<void> {
    try {
      const res = await request('GET');
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      set(fromBody((await res.json()) as SessionBody, expired));
    } catch (error: unknown) {
      set({ status: 'unreachable', message: error instanceof Error ? error.message : String(error) });
    }
  },
  /** Signs in with a key; resolves to an error message to show, or null once signed in. */
  async signIn(key: string): Promise<string | null> {
    let res: Response;
    try {
      res = await request('POST', { key });
    } catch {
      return 'The server could not be reached.';
    }
    if (!res.ok) return refusal(res);
    set(fromBody((await res.json()) as SessionBody));
    return null;
  },
  /** Clears the session cookie, then asks again (in open mode that is the default team once more). */
  async signOut(): Promise<void> {
    try {
      await request('DELETE');
    } finally {
      await session.load();
    }
  },
  /**
   * A GraphQL request was refused with 401: the key was revoked, or the server started requiring keys. Asks the
   * server again once (not per refused request: several views may be refused at once).
   */
  refused(): void {
    if (state.status !== 'signedIn') return;
    set({ status: 'loading' });
    void session.load(true);
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const getSnapshot = () => state;
const LOADING: Session = { status: 'loading' };
const getServerSnapshot = () => LOADING;

export function useSession(): Session {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

/** The signed-in role; `viewer` (the least) while unknown, so actions appear only once they are allowed. */
export function useRole(): Role {
  const s = useSession();
  return s.status === 'signedIn' ? s.role : 'viewer';
}

/** Whether the signed-in role may do what `needed` allows. */
export function useAllowed(needed: Role): boolean {
  return allows(useRole(), needed);
}
