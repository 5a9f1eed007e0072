'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { allows, session, useSession, type Role } from '@/lib/session';

/** Each page and the least role that has something to do there (a viewer cannot submit; only admins manage keys). */
const LINKS: { href: string; label: string; role: Role }[] = [
  { href: '/', label: 'Overview', role: 'viewer' },
  { href: '/batches/', label: 'Batches', role: 'viewer' },
  { href: '/failures/', label: 'Failures', role: 'viewer' },
  { href: '/submit/', label: 'Submit', role: 'submitter' },
  { href: '/compare/', label: 'Compare', role: 'viewer' },
  { href: '/schedules/', label: 'Schedules', role: 'viewer' },
  { href: '/decisions/', label: 'Decision table', role: 'viewer' },
  { href: '/workers/', label: 'Workers', role: 'admin' },
  { href: '/keys/', label: 'Keys', role: 'admin' },
];

export function Nav() {
  const path = usePathname() ?? '/';
  const norm = path.endsWith('/') ? path : `${path}/`;
  const s = useSession();
  const links = s.status === 'signedIn' ? LINKS.filter((l) => allows(s.role, l.role)) : [];
  return (
    <header className="topbar">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Link href="/" className="brand">
        Switchyard
      </Link>
      {links.length > 0 && (
        <nav aria-label="Main">
          <ul>
            {links.map((l) => {
              const active = l.href === '/' ? norm === '/' : norm.startsWith(l.href) || (l.href === '/batches/' && norm.startsWith('/batch/'));
              return (
                <li key={l.href}>
                  <Link href={l.href} aria-current={active ? 'page' : undefined}>
                    {l.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
      {s.status === 'signedIn' && <SessionBadge team={s.team} role={s.role} authRequired={s.authRequired} />}
    </header>
  );
}

/** Who the dashboard acts for, and the way out (there is none in open local mode: nobody signed in). */
function SessionBadge({ team, role, authRequired }: { team: string; role: Role; authRequired: boolean }) {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    try {
      await session.signOut();
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="session" data-testid="session">
      <span>
        <span className="sr-only">Signed in as team </span>
        <strong data-testid="session-team">{team}</strong> · <span data-testid="session-role">{role}</span>
        {!authRequired && <span className="session-mode"> · open local mode</span>}
      </span>
      {authRequired && (
        <button type="button" className="signout" onClick={() => void signOut()} disabled={busy}>
          Sign out
        </button>
      )}
    </div>
  );
}
