/** What a coalesced watch needs: how to read the value, when it is final, and how to hear of changes. */
export interface CoalesceOptions<T> {
  readonly read: () => T | null;
  readonly isFinal: (value: T) => boolean;
  /** Subscribes to changes; `urgent` ones (the end) are sent at once. Returns the unsubscribe function. */
  readonly listen: (notify: (urgent: boolean) => void) => () => void;
  /** At most one value per interval while changes stream in. */
  readonly intervalMs: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Coalesced snapshots: the first at once; then, on change, the next as soon as the interval since the last one
 * has passed (so a quiet batch's first change is not delayed, and a busy one sends at most one per interval);
 * an urgent change (the end) at once. Ends after the final value, or when the signal aborts.
 */
export async function* coalesced<T>(options: CoalesceOptions<T>): AsyncGenerator<T> {
  const { read, isFinal, listen, intervalMs, signal } = options;
  let value = read();
  if (!value) return;
  let changed = false;
  let urgent = false;
  let sleeping = false;
  let wake: (() => void) | undefined;
  const off = listen((isUrgent) => {
    changed = true;
    urgent ||= isUrgent;
    // While idle any change wakes us; while waiting out the interval only an urgent one does.
    if (!sleeping || urgent) wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    yield value;
    let last = Date.now();
    while (!isFinal(value) && !signal?.aborted) {
      if (!changed) await new Promise<void>((resolve) => (wake = resolve));
      const wait = last + intervalMs - Date.now();
      if (!urgent && wait > 0 && !signal?.aborted) {
        sleeping = true;
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, wait);
        });
        clearTimeout(timer);
        sleeping = false;
      }
      wake = undefined;
      if (signal?.aborted) return;
      changed = false;
      urgent = false;
      value = read();
      if (!value) return;
      yield value;
      last = Date.now();
    }
  } finally {
    off();
    signal?.removeEventListener('abort', onAbort);
  }
}
