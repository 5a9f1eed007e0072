'use client';

import { useCallback, useMemo } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';

/** Time windows offered by the page, by their URL value. */
export const WINDOWS = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: 'all', label: 'Any time', ms: null },
] as const;
export type WindowValue = (typeof WINDOWS)[number]['value'];

export interface FailureFilters {
  task: string | undefined;
  code: string | undefined;
  window: WindowValue;
  after: string | undefined;
}

function isWindow(v: string | null): v is WindowValue {
  return WINDOWS.some((w) => w.value === v);
}

/** Filters live in the URL (`/failures/?task=http.check&code=ECONNREFUSED&window=24h&after=…`). */
export function useFailureFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters: FailureFilters = useMemo(() => {
    const window = params.get('window');
    return {
      task: params.get('task') || undefined,
      code: params.get('code') || undefined,
      window: isWindow(window) ? window : '24h',
      after: params.get('after') || undefined,
    };
  }, [params]);

  const setFilters = useCallback(
    (patch: Partial<FailureFilters>) => {
      const next = { ...filters, after: undefined, ...patch };
      const qs = new URLSearchParams();
      if (next.task) qs.set('task', next.task);
      if (next.code) qs.set('code', next.code);
      if (next.window !== '24h') qs.set('window', next.window);
      if (next.after) qs.set('after', next.after);
      const s = qs.toString();
      router.push(s ? `${pathname}?${s}` : pathname, { scroll: false });
    },
    [filters, pathname, router],
  );

  return { filters, setFilters };
}
