import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past the live heap before its next full collection, in percent.
 *
 * A running batch allocates a steady stream of short-lived records per job (transitions, snapshots, promises) that
 * survive a scavenge or two and end in old space as garbage. With V8's default factor (up to 4× the live heap on a
 * machine with a large heap limit) that garbage piled up to ~430 MB of old space during a 1,000,000-job batch whose
 * live heap after a full GC was ~65 MB: the server's peak RSS, not its working set. At 1.5× the old space stays
 * within ~130 MB throughout (a full GC every few seconds, each tens of ms, mostly concurrent).
 *
 * Unlike a heap limit (--max-old-space-size) this bounds no allocation: a batch that truly needs more memory gets
 * it, so nothing can die of it.
 */
export const HEAP_GROWING_PERCENT = 50;

/** Sets the growing factor for this process, unless the command line already chose one (`node --heap-growing-percent=N`). */
export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'))) return;
  // The flag is read at every full GC, so setting it at run time takes effect from the next one.
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
