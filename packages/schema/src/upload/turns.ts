import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long a parse may hold the main thread before it lets the event loop serve other requests. */
const TURN_BUDGET_MS = 8;

/** The size of the slices an uploaded file is parsed in: small enough that one slice never outlasts the budget. */
export const SLICE_BYTES = 64 * 1024;

/**
 * A pause for long work on the main thread: resolves at once while the work has used less than `budgetMs` of its
 * turn, otherwise after one turn of the event loop (setImmediate: after pending I/O), so that health checks and
 * other requests are answered while a 32 MiB upload is parsed.
 */
export function turnTaker(budgetMs = TURN_BUDGET_MS): () => Promise<void> | undefined {
  let turnStarted = performance.now();
  return () => {
    if (performance.now() - turnStarted < budgetMs) return undefined;
    return nextTurn().then(() => {
      turnStarted = performance.now();
    });
  };
}

/** `bytes` in slices of `SLICE_BYTES` (views, no copies), taking turns between them. */
export async function* slices(bytes: Uint8Array, pause = turnTaker()): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
    await pause();
    yield bytes.subarray(start, start + SLICE_BYTES);
  }
}
