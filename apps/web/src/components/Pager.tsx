'use client';

import { useState } from 'react';

/**
 * Relay pages whose current cursor lives in the URL (`after`). The cursors of the pages before this one are kept
 * here, so "Newer" can go back; a new filter starts from the first page again (`reset`).
 */
export interface CursorPages {
  readonly after: string | undefined;
  readonly hasNewer: boolean;
  newer(): void;
  older(endCursor: string): void;
  reset(): void;
}

export function useCursorPages(after: string | undefined, goTo: (after: string | undefined) => void): CursorPages {
  const [previous, setPrevious] = useState<(string | undefined)[]>([]);
  return {
    after,
    hasNewer: Boolean(after) || previous.length > 0,
    newer() {
      const stack = [...previous];
      const prev = stack.pop();
      setPrevious(stack);
      goTo(prev);
    },
    older(endCursor) {
      setPrevious([...previous, after]);
      goTo(endCursor);
    },
    reset: () => setPrevious([]),
  };
}

/** "← Newer", "Older →" and how many of how many are shown. */
export function Pager({
  pages,
  pageInfo,
  shown,
  total,
}: {
  pages: CursorPages;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  shown: number;
  total: number;
}) {
  const endCursor = pageInfo.endCursor;
  return (
    <nav className="pager" aria-label="Pages">
      {pages.hasNewer && (
        <button type="button" onClick={() => pages.newer()}>
          ← Newer
        </button>
      )}
      {pageInfo.hasNextPage && endCursor && (
        <button type="button" onClick={() => pages.older(endCursor)}>
          Older →
        </button>
      )}
      <span className="muted">
        Showing {shown} of {total.toLocaleString()}
      </span>
    </nav>
  );
}
