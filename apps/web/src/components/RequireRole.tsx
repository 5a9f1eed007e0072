'use client';

import type { ReactNode } from 'react';
import { useAllowed, useRole, type Role } from '@/lib/session';

const WHAT: Record<Role, string> = { viewer: 'read', submitter: 'submit, cancel and retry', admin: 'manage keys' };

/** Its children when the signed-in role includes `role`; else a short notice saying why the page has nothing to do. */
export function RequireRole({ role, action, children }: { role: Role; action: string; children: ReactNode }) {
  const allowed = useAllowed(role);
  const mine = useRole();
  if (allowed) return children;
  return (
    <p className="notice" role="note" data-testid="role-notice">
      {action} needs the {role} role; you are signed in as a {mine}, who may {WHAT[mine]}.
    </p>
  );
}
