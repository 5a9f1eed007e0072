import type { Logger } from 'pino';
import { coerceError, type InvalidInputFailure, type SubmitError } from '../errors.ts';
import type { NewBatch, Page, Store } from '../store/store.ts';
import {
  OVERLAP_POLICIES,
  type BatchRecord,
  type OverlapPolicy,
  type ScheduledBatchInput,
  type ScheduleRecord,
  type SubmitBatchInput,
} from '../types.ts';
import { parseCron, type CronSpec } from './cron.ts';
import { fireAt } from './long-timer.ts';
import { dueRun } from './missed-runs.ts';

export interface CreateScheduleInput {
  readonly name: string;
  readonly cron: string;
  /** IANA time zone the cron is read in. @default 'UTC' */
  readonly timezone?: string | null | undefined;
  /** The batch each run submits: validated now exactly as submitBatch validates it. */
  readonly batch: ScheduledBatchInput & { readonly runAt?: Date | null | undefined };
  /** @default 'SKIP' */
  readonly overlap?: OverlapPolicy | null | undefined;
}

export type CreateScheduleResult = { ok: true; schedule: ScheduleRecord } | { ok: false; error: SubmitError };

/** A submission validated and routed, ready to insert: what a run needs of the engine's submit path. */
export type PreparedBatch = { ok: true; batch: NewBatch; inputs: unknown[] } | { ok: false; error: SubmitError };

/** What schedules need of the engine: validate and route a submission, start a committed batch, cancel one. */
export interface SchedulePort {
  prepare(input: SubmitBatchInput): PreparedBatch;
  started(batch: BatchRecord): void;
  cancelBatch(batchId: string): void;
}

/** How many schedules one team may have: each is a timer and a batch per run. */
export const MAX_SCHEDULES_PER_TEAM = 100;
/** The most jobs a schedule's batch may hold: each run validates and inserts them all, possibly every second. */
export const MAX_SCHEDULED_ITEMS = 10_000;
/** How soon a wake that failed (the database busy, say) is tried again. */
const RETRY_MS = 1_000;
const MAX_NAME_LENGTH = 200;

function invalid(field: string, issue: string): { ok: false; error: InvalidInputFailure } {
  return {
    ok: false,
    error: { kind: 'INVALID_INPUT', field, issues: [{ path: field.split('.'), message: issue }], message: `Invalid ${field}: ${issue}` },
  };
}

/**
 * Schedules: create, pause, resume, delete, and the runs. The one owner of the schedules' timers (one per schedule
 * not paused). A timer never decides alone that a run starts: it computes the due run by the missed-run policy
 * (missed-runs.ts) and claims it in the store (a guarded move of the run cursor, in the transaction that inserts
 * the batch), so a run starts at most once whatever fires twice.
 */
export class Schedules {
  readonly #store: Store;
  readonly #port: SchedulePort;
  readonly #log: Logger;
  readonly #timers = new Map<string, () => void>();
  readonly #specs = new Map<string, CronSpec>();
  #closed = false;

  constructor(store: Store, port: SchedulePort, log: Logger) {
    this.#store = store;
    this.#port = port;
    this.#log = log;
  }

  /** Arms every schedule not paused; one whose run came while the server was down runs at once (once). */
  start(): void {
    for (const schedule of this.#store.activeSchedules()) this.#wake(schedule.id);
  }

  /** Validates everything (the batch exactly as submitBatch would) before writing anything. */
  create(input: CreateScheduleInput, team: string): CreateScheduleResult {
    const name = input.name.trim();
    if (name.length === 0) return invalid('name', 'Expected a name');
    if (name.length > MAX_NAME_LENGTH) return invalid('name', `Expected name to be at most ${MAX_NAME_LENGTH} characters`);
    const cron = parseCron(input.cron, input.timezone ?? 'UTC');
    if (!cron.ok) return invalid(cron.field, cron.message.replace(/^Invalid \w+: /, ''));
    const overlap = input.overlap ?? 'SKIP';
    if (!OVERLAP_POLICIES.includes(overlap)) return invalid('overlap', `Expected one of ${OVERLAP_POLICIES.join(', ')}`);
    const { runAt, ...batch } = input.batch;
    if (runAt != null) return invalid('batch.runAt', 'A schedule’s batches start at their cron times; leave runAt out');
    if (Array.isArray(batch.items) && batch.items.length > MAX_SCHEDULED_ITEMS) {
      const got = batch.items.length;
      return {
        ok: false,
        error: {
          kind: 'TOO_MANY_ITEMS',
          max: MAX_SCHEDULED_ITEMS,
          got,
          message: `Too many items: ${got} > the ${MAX_SCHEDULED_ITEMS} a schedule’s batch may hold`,
        },
      };
    }
    const checked = this.#port.prepare({ ...batch, team });
    if (!checked.ok) {
      const error = checked.error;
      // The same refusal as submitBatch's, its field named from the schedule's input.
      if (error.kind !== 'INVALID_INPUT') return { ok: false, error };
      const field = `batch.${error.field}`;
      return { ok: false, error: { ...error, field, message: error.message.replace(`Invalid ${error.field}`, `Invalid ${field}`) } };
    }
    if (this.#store.listSchedules(team, 1).totalCount >= MAX_SCHEDULES_PER_TEAM) {
      return invalid('input', `A team may have at most ${MAX_SCHEDULES_PER_TEAM} schedules; delete one first`);
    }
    const schedule = this.#store.insertSchedule({
      team,
      name,
      cron: input.cron.trim(),
      timezone: cron.spec.timezone,
      batch,
      overlap,
      createdAt: Date.now(),
    });
    this.#specs.set(schedule.id, cron.spec);
    this.#arm(schedule.id, cron.spec.nextAfter(schedule.dueAfter.getTime()));
    return { ok: true, schedule };
  }

  get(id: string): ScheduleRecord | null {
    return this.#store.getSchedule(id);
  }

  list(team: string, first: number, afterId?: string): Page<ScheduleRecord> {
    return this.#store.listSchedules(team, first, afterId);
  }

  /** The next cron time it will run at; null when paused (or never again). */
  nextRunAt(schedule: ScheduleRecord): Date | null {
    if (schedule.paused) return null;
    const next = this.#spec(schedule)?.nextAfter(Math.max(schedule.dueAfter.getTime(), Date.now()));
    return next == null ? null : new Date(next);
  }

  batches(scheduleId: string, first: number, afterRunAt?: number): Page<BatchRecord> {
    return this.#store.scheduleBatches(scheduleId, first, afterRunAt);
  }

  pause(id: string): ScheduleRecord | null {
    if (this.#store.pauseSchedule(id)) this.#disarm(id);
    return this.#store.getSchedule(id);
  }

  /** Runs due while it was paused are not run: it goes on from the next cron time. */
  resume(id: string): ScheduleRecord | null {
    if (this.#store.resumeSchedule(id, Date.now())) this.#wake(id);
    return this.#store.getSchedule(id);
  }

  /** Deletes the schedule; batches it started stay (and finish) as history. */
  delete(id: string): boolean {
    this.#disarm(id);
    this.#specs.delete(id);
    return this.#store.deleteSchedule(id);
  }

  close(): void {
    this.#closed = true;
    for (const clear of this.#timers.values()) clear();
    this.#timers.clear();
  }

  /** Runs the due run, if any (the missed-run policy), then arms the timer for the next cron time. */
  #wake(id: string): void {
    this.#timers.delete(id);
    if (this.#closed) return;
    try {
      this.#wakeOnce(id);
    } catch (error: unknown) {
      // A timer's callback must not throw (it would end the process); nothing was claimed, so trying again is safe.
      this.#log.error({ err: coerceError(error), scheduleId: id }, 'schedule wake failed; trying again');
      this.#arm(id, Date.now() + RETRY_MS);
    }
  }

  #wakeOnce(id: string): void {
    const schedule = this.#store.getSchedule(id);
    if (!schedule || schedule.paused) return;
    const spec = this.#spec(schedule);
    if (!spec) return;
    const { runAt, nextAt } = dueRun(spec, schedule.dueAfter.getTime(), Date.now());
    if (runAt !== null) this.#run(schedule, runAt);
    this.#arm(id, nextAt);
  }

  #run(schedule: ScheduleRecord, runAt: number): void {
    const prepared = this.#port.prepare({ ...schedule.batch, name: schedule.batch.name ?? schedule.name, team: schedule.team });
    // A batch that no longer validates (its task was removed from the configuration): the run is claimed and skipped.
    if (!prepared.ok) this.#log.error({ scheduleId: schedule.id, error: prepared.error.message }, 'scheduled batch no longer validates; run skipped');
    const outcome = this.#store.claimScheduleRun({
      scheduleId: schedule.id,
      expectedDueAfter: schedule.dueAfter.getTime(),
      runAt,
      overlap: schedule.overlap,
      batch: prepared.ok ? { batch: prepared.batch, inputs: prepared.inputs } : null,
    });
    if (!outcome.claimed) return this.#log.debug({ scheduleId: schedule.id, runAt }, 'run already claimed');
    if (!outcome.batch) {
      if (prepared.ok) this.#log.info({ scheduleId: schedule.id, runAt, running: outcome.previous }, 'run skipped: the previous batch is unfinished');
      return;
    }
    if (schedule.overlap === 'CANCEL_PREVIOUS') for (const previous of outcome.previous) this.#port.cancelBatch(previous);
    this.#port.started(outcome.batch);
  }

  #arm(id: string, atMs: number | null): void {
    this.#disarm(id);
    if (atMs === null || this.#closed) return;
    this.#timers.set(
      id,
      fireAt(atMs, () => this.#wake(id)),
    );
  }

  #disarm(id: string): void {
    this.#timers.get(id)?.();
    this.#timers.delete(id);
  }

  #spec(schedule: ScheduleRecord): CronSpec | null {
    let spec = this.#specs.get(schedule.id);
    if (spec) return spec;
    const parsed = parseCron(schedule.cron, schedule.timezone);
    if (!parsed.ok) {
      this.#log.error({ scheduleId: schedule.id, error: parsed.message }, 'schedule’s cron no longer parses; not armed');
      return null;
    }
    this.#specs.set(schedule.id, (spec = parsed.spec));
    return spec;
  }
}
