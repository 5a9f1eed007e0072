import type { Logger } from 'pino';
import { coerceError } from './errors.ts';
import type { BatchStatus, ExecutorKind, JobErrorInfo, JobStatus } from './types.ts';

/** Every event the engine emits, with its payload. Names are namespaced `entity:happening`. */
export interface EngineEvents {
  /** A batch was accepted and committed. */
  'batch:submitted': { batchId: string; task: string; total: number; rule: string };
  /** A batch's first job started. */
  'batch:started': { batchId: string };
  /** Something about the batch changed (counts, status); consumers coalesce. */
  'batch:changed': { batchId: string };
  /** A batch reached a terminal status; emitted after the status is committed. */
  'batch:finished': { batchId: string; status: BatchStatus };
  /** A job attempt started on an executor. */
  'job:start': { batchId: string; jobId: string; attempt: number; executor: ExecutorKind; lane: string; waitMs: number };
  /** A running job reported progress. */
  'job:progress': { batchId: string; jobId: string; fraction: number; message?: string | undefined };
  /** An attempt ended without ending the job: it will run again after `delayMs`. */
  'job:retry': { batchId: string; jobId: string; attempt: number; delayMs: number; error: JobErrorInfo };
  /** A strategy comparison advanced (a run started or finished, or it ended). */
  'comparison:changed': { comparisonId: string };
  /** A remote worker joined, heartbeated, went away or came back. */
  'workers:changed': Record<string, never>;
  /** The engine sampled its lane metrics (once a second). */
  'engine:stats': { seq: number };
  /** A job reached a terminal status (SUCCEEDED, FAILED, TIMED_OUT, CANCELLED). */
  'job:finished': {
    batchId: string;
    jobId: string;
    status: JobStatus;
    lane: string;
    waitMs: number;
    runMs: number;
    error?: JobErrorInfo | undefined;
  };
}

type Listener<K extends keyof EngineEvents> = (payload: EngineEvents[K]) => void;

/**
 * A typed event emitter whose emit never throws: a listener's error is logged, and the other listeners and the
 * engine carry on (like graphile-worker's safeEmit).
 */
export class EngineEventBus {
  readonly #listeners = new Map<keyof EngineEvents, Set<Listener<never>>>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  on<K extends keyof EngineEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Whether anyone listens: hot paths skip building a payload nobody reads. */
  listening(event: keyof EngineEvents): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  emit<K extends keyof EngineEvents>(event: K, payload: EngineEvents[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as Listener<K>)(payload);
      } catch (error: unknown) {
        this.#log.error({ err: coerceError(error), event }, 'event listener threw');
      }
    }
  }
}
