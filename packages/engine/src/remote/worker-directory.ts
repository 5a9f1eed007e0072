import type { Redis as RedisClient } from 'ioredis';
import type { Logger } from 'pino';
import { coerceError } from '../errors.ts';
import { closeConnections } from './transport.ts';
import { HEARTBEAT_CHANNEL, type Heartbeat } from './protocol.ts';

/** A remote worker as the API sees it: its last heartbeat, when it came, and whether it is still there. */
export interface RemoteWorkerInfo extends Heartbeat {
  readonly lastSeenAt: Date;
  /** Missed three heartbeats, or said it stopped: its slots have left the remote lane. */
  readonly gone: boolean;
}

/** Heartbeats missed before a worker counts as gone. */
const MISSED_HEARTBEATS = 3;
/** Gone workers stay listed this long, so a page shows which machine went away. */
const KEEP_GONE_MS = 10 * 60_000;

/**
 * The live set of remote workers, built from their heartbeats (Redis pub/sub). The one owner of that state: the
 * remote lane's limit (the slots of live workers that take work) and the Workers page both read it here.
 */
export class WorkerDirectory {
  readonly #workers = new Map<string, { beat: Heartbeat; seenAt: number; gone: boolean }>();
  readonly #listeners = new Set<() => void>();
  readonly #subscriber: RedisClient;
  readonly #log: Logger;
  readonly #timer: NodeJS.Timeout;

  constructor(subscriber: RedisClient, log: Logger, checkEveryMs: number) {
    this.#subscriber = subscriber;
    this.#log = log;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === HEARTBEAT_CHANNEL) this.#heard(message);
    });
    // ioredis subscribes again by itself after a reconnect.
    subscriber
      .subscribe(HEARTBEAT_CHANNEL)
      .catch((error: unknown) => log.error({ err: coerceError(error) }, 'could not subscribe to worker heartbeats'));
    this.#timer = setInterval(() => this.#expire(Date.now()), checkEveryMs);
    this.#timer.unref();
  }

  /** Called on every change of the set or of a worker's figures. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(): RemoteWorkerInfo[] {
    return [...this.#workers.values()]
      .map(({ beat, seenAt, gone }) => ({ ...beat, lastSeenAt: new Date(seenAt), gone }))
      .sort((a, b) => Number(a.gone) - Number(b.gone) || a.id.localeCompare(b.id));
  }

  /** Slots of the workers that take work: the remote lane's limit. */
  liveSlots(): number {
    let slots = 0;
    for (const w of this.#workers.values()) if (!w.gone && w.beat.state === 'alive') slots += w.beat.slots;
    return slots;
  }

  /** Slots not busy at the last heartbeats: the decision table sends CPU work to REMOTE while there are some. */
  freeSlots(): number {
    let free = 0;
    for (const w of this.#workers.values()) if (!w.gone && w.beat.state === 'alive') free += Math.max(0, w.beat.slots - w.beat.busy);
    return free;
  }

  /** Busy slots of live workers. */
  busySlots(): number {
    let busy = 0;
    for (const w of this.#workers.values()) if (!w.gone) busy += w.beat.busy;
    return busy;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#listeners.clear();
    await closeConnections([this.#subscriber]);
  }

  #heard(message: string): void {
    let beat: Heartbeat;
    try {
      beat = JSON.parse(message) as Heartbeat;
    } catch (error: unknown) {
      this.#log.warn({ err: coerceError(error) }, 'ignored a heartbeat that is not JSON');
      return;
    }
    if (typeof beat.id !== 'string' || typeof beat.slots !== 'number') return;
    const known = this.#workers.get(beat.id);
    if (!known) this.#log.info({ worker: beat.id, slots: beat.slots, version: beat.version }, 'remote worker joined');
    else if (known.gone && beat.state !== 'stopped') this.#log.info({ worker: beat.id }, 'remote worker is back');
    this.#workers.set(beat.id, { beat, seenAt: Date.now(), gone: beat.state === 'stopped' });
    if (beat.state === 'stopped') this.#log.info({ worker: beat.id }, 'remote worker stopped');
    this.#changed();
  }

  #expire(now: number): void {
    let changed = false;
    for (const [id, w] of this.#workers) {
      if (!w.gone && now - w.seenAt > MISSED_HEARTBEATS * w.beat.intervalMs) {
        w.gone = true;
        changed = true;
        this.#log.warn({ worker: id, lastSeenAt: new Date(w.seenAt) }, 'remote worker stopped heartbeating: counted as gone');
      } else if (w.gone && now - w.seenAt > KEEP_GONE_MS) {
        this.#workers.delete(id);
        changed = true;
      }
    }
    if (changed) this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error: unknown) {
        this.#log.error({ err: coerceError(error) }, 'a worker-directory listener failed');
      }
    }
  }
}
