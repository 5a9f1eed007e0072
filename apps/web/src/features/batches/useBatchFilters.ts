'use client';

import { useCallback, useMemo } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { BatchStatus, JobTag } from '@/gql/graphql';
import { isBatchStatus, isJobTag } from '@/lib/enums';

export interface BatchFilters {
  status: BatchStatus | undefined;
  tag: JobTag | undefined;
  task: string | undefined;
  search: string | undefined;
  /** Also list the warm-up and measured batches of strategy comparisons (`?comparisons=1`). */
  comparisons: boolean;
  after: string | undefined;
}

/** Filters live in the URL (`/batches/?status=FAILED&task=cpu.fib&q=nightly&comparisons=1&after=…`). */
export function useBatchFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters: BatchFilters = useMemo(() => {
    const status = params.get('status');
    const tag = params.get('tag');
    return {
      status: isBatchStatus(status) ? status : undefined,
      tag: isJobTag(tag) ? tag : undefined,
      task: params.get('task') || undefined,
      search: params.get('q') || undefined,
      comparisons: params.get('comparisons') === '1',
      after: params.get('after') || undefined,
    };
  }, [params]);

  const setFilters = useCallback(
    (patch: Partial<BatchFilters>) => {
      const next = { ...filters, after: undefined, ...patch };
      const qs = new URLSearchParams();
      if (next.status) qs.set('status', next.status);
      if (next.task) qs.set('task', next.task);
      if (next.tag) qs.set('tag', next.tag);
      if (next.search) qs.set('q', next.search);
      if (next.comparisons) qs.set('comparisons', '1');
      if (next.after) qs.set('after', next.after);
      const s = qs.toString();
      router.push(s ? `${pathname}?${s}` : pathname, { scroll: false });
    },
    [filters, pathname, router],
  );

  return { filters, setFilters };
}
