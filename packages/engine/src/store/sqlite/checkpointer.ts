import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { coerceError } from '../../errors.ts';

const WORKER_URL = new URL('./checkpoint-worker.mjs', import.meta.url);
/** How often the thread checkpoints: the WAL then holds at most this long's worth of commits. */
const CHECKPOINT_INTERVAL_MS = 10;

/**
 * Moves most of the WAL checkpointing off the main thread. SQLite's automatic checkpoint runs inside the commit that
 * crosses 1,000 WAL pages, on the connection that committed: with the group commit that is the main thread, and its
 * copying and fsyncs stalled it for ~20 ms every hundred or so one-job submissions (the p99 of submit-to-result).
 * Here a thread with its own connection checkpoints PASSIVE (never waiting for readers or writers) every 10 ms, so
 * the WAL is usually copied back before it reaches 1,000 pages, and starts over at the next write.
 *
 * The main connection keeps its automatic checkpoint as the backstop: under writes that never pause, a PASSIVE
 * checkpoint never finds the WAL whole (new frames arrive while it copies), the WAL would never start over, and it
 * would grow without bound. Then the main thread's checkpoint still runs at 1,000 pages, with less left to copy.
 * (Measured with 2,000 one-job submissions in-process: p99 20 ms with SQLite's checkpoints alone, 5–6 ms with this
 * thread, 2–3 ms with this thread alone, which lets the WAL grow without bound under a steady load.)
 *
 * If the thread fails, the main connection carries on as SQLite does by default. An in-memory database has no WAL:
 * nothing is started.
 */
export class Checkpointer {
  readonly #log: Logger;
  readonly #worker: Worker | undefined;
  #exited: Promise<void> = Promise.resolve();
  readonly #asked = new Map<number, (done: boolean) => void>();
  #nextAsk = 0;

  constructor(sqlite: Database.Database, log: Logger) {
    this.#log = log;
    if (sqlite.memory) return;
    try {
      this.#worker = new Worker(WORKER_URL, { workerData: { path: sqlite.name, intervalMs: CHECKPOINT_INTERVAL_MS } });
    } catch (error: unknown) {
      this.#fallBack(error);
      return;
    }
    const worker = this.#worker;
    // A checkpointer alone never keeps the process alive.
    worker.unref();
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (message: { failed?: string; checkpointed?: number; busy?: number }) => {
      if (message.failed) this.#fallBack(new Error(message.failed));
      if (message.checkpointed === undefined) return;
      this.#asked.get(message.checkpointed)?.(message.busy === 0);
      this.#asked.delete(message.checkpointed);
    });
    // A thread that is gone answers nothing more: whoever waits is told it did not happen.
    void this.#exited.then(() => {
      for (const answer of this.#asked.values()) answer(false);
      this.#asked.clear();
    });
    worker.once('error', (error) => this.#fallBack(error));
  }

  /**
   * One PASSIVE checkpoint now, on the thread; resolves true once it ran without being busy (another checkpoint,
   * the main connection's, was running), false if it could not run there. With no thread, false at once.
   */
  checkpointNow(): Promise<boolean> {
    const worker = this.#worker;
    if (!worker) return Promise.resolve(false);
    const id = this.#nextAsk++;
    return new Promise((resolve) => {
      this.#asked.set(id, resolve);
      worker.postMessage({ checkpoint: id });
    });
  }

  /** Stops the thread (it checkpoints once more and closes its connection); resolves once it has exited. */
  stop(): Promise<void> {
    // Referenced from here on: a process with nothing else left to do would otherwise end before the thread has run
    // its last checkpoint, and a top-level `await engine.close()` would never return (Node's exit code 13).
    this.#worker?.ref();
    this.#worker?.postMessage('stop');
    return this.#exited;
  }

  #fallBack(error: unknown): void {
    this.#log.error({ err: coerceError(error) }, 'the WAL checkpoint thread failed; checkpoints run on the main connection alone');
  }
}
