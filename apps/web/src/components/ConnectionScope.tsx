'use client';

import type { ReactNode } from 'react';
import { useConnection } from '@/lib/connection';

/** Greys out the page's figures while the server cannot be reached: they are the last ones heard, not live. */
export function ConnectionScope({ children }: { children: ReactNode }) {
  const { online } = useConnection();
  return (
    <div className={online ? undefined : 'stale'} data-stale={online ? undefined : 'true'}>
      {children}
    </div>
  );
}
