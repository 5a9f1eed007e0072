import type { JobSpan } from '../types.ts';
import type { TimelineEntry } from './types.ts';

/**
 * Lays jobs out on slots (rows) so that no two overlapping jobs share one: greedy interval partitioning in start
 * order, each job taking the lowest free slot. With a pool of N workers this yields N rows; gaps are idle time.
 */
export function timeline(spans: readonly JobSpan[]): TimelineEntry[] {
  if (spans.length === 0) return [];
  const sorted = [...spans].sort((a, b) => a.startedAt - b.startedAt || a.index - b.index);
  const origin = sorted[0]!.startedAt;
  const slotFreeAt: number[] = [];
  return sorted.map((span) => {
    let slot = slotFreeAt.findIndex((free) => free <= span.startedAt);
    if (slot === -1) slot = slotFreeAt.push(0) - 1;
    slotFreeAt[slot] = span.finishedAt;
    return { index: span.index, slot, startMs: span.startedAt - origin, endMs: span.finishedAt - origin, status: span.status };
  });
}
