import { coalesced } from './coalesce.ts';
import type { EngineEventBus } from './events.ts';
import type { Store } from './store/store.ts';
import { isTerminalBatch, type JobRecord } from './types.ts';

/** One delivery of the finished-jobs stream. */
export interface FinishedJobsChunk {
  /** Jobs that finished since the previous chunk, in the order they finished. */
  readonly jobs: JobRecord[];
  /** Pass it back as `after` to resume after the last job of this chunk. */
  readonly cursor: number;
  /** The batch has ended and every job that finished is delivered: the stream ends with this chunk. */
  readonly done: boolean;
}

export interface FinishedJobsOptions {
  /** Resume after this cursor (0: from the first job to finish). */
  readonly after?: number;
  /** At most one chunk per interval while jobs finish. @default 250 */
  readonly intervalMs?: number;
  /** At most this many jobs per chunk; the rest follow in the next chunks. @default 500 */
  readonly maxJobs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Finished jobs of one batch as they finish (like `as_completed`), in coalesced, bounded chunks: at most `maxJobs`
 * per chunk and one chunk per interval, so a 100,000-job batch cannot flood a client, and a slow client only falls
 * behind (it pulls the next chunk when it is ready). The batch's status is read before its jobs: a batch seen ended
 * has every job committed, so `done` never comes before a job that finished.
 */
export async function* finishedJobs(
  store: Store,
  events: EngineEventBus,
  batchId: string,
  options: FinishedJobsOptions = {},
): AsyncGenerator<FinishedJobsChunk> {
  const maxJobs = options.maxJobs ?? 500;
  let cursor = options.after ?? 0;
  let more = false;
  let notifyMore: ((urgent: boolean) => void) | undefined;
  const chunks = coalesced<FinishedJobsChunk>({
    read: () => {
      const batch = store.getBatch(batchId);
      if (!batch) return null;
      const ended = isTerminalBatch(batch.status);
      const page = store.finishedJobs(batchId, cursor, maxJobs);
      if (page.length > 0) cursor = page[page.length - 1]!.seq;
      // A full chunk: more may be waiting already, so the next read comes after the interval without a new change.
      more = page.length === maxJobs;
      if (more) notifyMore?.(false);
      return { jobs: page.map((f) => f.job), cursor, done: ended && !more };
    },
    isFinal: (chunk) => chunk.done,
    listen: (notify) => {
      notifyMore = notify;
      if (more) notify(false);
      const offs = [
        events.on('batch:changed', (e) => e.batchId === batchId && notify(false)),
        events.on('batch:finished', (e) => e.batchId === batchId && notify(true)),
      ];
      return () => offs.forEach((off) => off());
    },
    intervalMs: options.intervalMs ?? 250,
    signal: options.signal,
  });
  let first = true;
  for await (const chunk of chunks) {
    // The first chunk always goes out (a subscriber learns at once where it stands); later ones only with news.
    if (first || chunk.jobs.length > 0 || chunk.done) yield chunk;
    first = false;
  }
}
