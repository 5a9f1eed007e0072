'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Overview' },
  { href: '/batches/', label: 'Batches' },
  { href: '/submit/', label: 'Submit' },
  { href: '/compare/', label: 'Compare' },
  { href: '/decisions/', label: 'Decision table' },
  { href: '/workers/', label: 'Workers' },
];

export function Nav() {
  const path = usePathname() ?? '/';
  const norm = path.endsWith('/') ? path : `${path}/`;
  return (
    <header className="topbar">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Link href="/" className="brand">
        Switchyard
      </Link>
      <nav aria-label="Main">
        <ul>
          {LINKS.map((l) => {
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
    </header>
  );
}
