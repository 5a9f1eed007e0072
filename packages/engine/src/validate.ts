import { z } from 'zod';
import { shapeIssue } from './shape.ts';
import type { TaskDefinition } from './tasks/define.ts';
import type { TaskRegistry } from './tasks/registry.ts';
import {
  EXECUTOR_KINDS,
  JOB_TAGS,
  PRIORITY_RANGE,
  type ExecutorKind,
  type JobTag,
  type RateLimit,
  type Strategy,
  type SubmitBatchInput,
} from './types.ts';
import type { InvalidInputFailure, ItemIssue, SubmitError } from './errors.ts';

/** The expected failures live with the rest of the error vocabulary; re-exported for the engine's older imports. */

export interface SubmissionLimits {
  /** @default 100_000 */
  readonly maxBatchSize: number;
  /** @default 21_600_000 (6 hours) */
  readonly maxTimeoutMs: number;
  /** @default 20 */
  readonly maxAttempts: number;
  /** The largest concurrency a strategy may ask of the async queue. @default 10_000 */
  readonly maxConcurrency: number;
  /** Worker threads in the pool: a THREADS strategy cannot ask for more. */
  readonly threads: number;
  /** Child processes in the pool: a PROCESSES strategy cannot ask for more. */
  readonly processes: number;
  /** How far ahead `runAt` may hold a batch. @default 31_622_400_000 (366 days) */
  readonly maxRunAtAheadMs: number;
  /** A remote lane exists (SWITCHYARD_REDIS_URL): a REMOTE strategy is refused without one. @default false */
  readonly remote?: boolean;
}

export const DEFAULT_MAX_RUN_AT_AHEAD_MS = 366 * 86_400_000;

/** A submission that passed validation: items parsed (defaults applied) and options resolved. */
export interface ValidSubmission extends ValidBatchOptions {
  readonly items: unknown[];
}

/** A submission's options resolved, and its items counted (not yet checked: see ItemChecker). */
export interface ValidBatchOptions {
  readonly task: TaskDefinition;
  readonly tag: JobTag;
  readonly itemCount: number;
  readonly strategy: Strategy | null;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly name: string | null;
  readonly background: boolean;
  readonly autoReroute: boolean;
  readonly isolate: boolean;
  /** The time to hold the batch until (epoch ms), or null. A time already past means: start now. */
  readonly runAt: number | null;
  readonly priority: number;
  readonly rateLimit: RateLimit | null;
  readonly failFast: boolean;
  readonly idempotencyKey: string | null;
}

/** Bounds of a rate limit: the window keeps one number per allowed start (scheduler/rate-limit.ts). */
export const RATE_LIMIT_BOUNDS = { maxJobs: 10_000, maxPerMs: 3_600_000 } as const;

/** How many bad items a rejection lists: enough to fix a file, not a flood. */
const MAX_ITEM_ISSUES = 20;
const DEFAULT_BACKOFF_MS = 200;

const TASK_TAG: Record<TaskDefinition['kind'], JobTag> = { io: 'IO', cpu: 'CPU', mixed: 'MIXED' };

const schemas = new WeakMap<SubmissionLimits, ReturnType<typeof buildOptionsSchema>>();

/** Built once per set of limits: making a zod schema costs more than validating a whole small submission. */
function optionsSchema(limits: SubmissionLimits) {
  let schema = schemas.get(limits);
  if (!schema) schemas.set(limits, (schema = buildOptionsSchema(limits)));
  return schema;
}

const boundedInt = (min: number, max: number, what: string) =>
  z
    .number({ error: `Expected ${what} to be a number` })
    .int({ error: `Expected ${what} to be a whole number` })
    .min(min, { error: `Expected ${what} to be at least ${min}` })
    .max(max, { error: `Expected ${what} to be at most ${max}` });
const positiveInt = (max: number, what: string) => boundedInt(1, max, what);

/** The concurrency an executor may be asked for: a strategy's at submission, and setBatchConcurrency's later. */
function concurrencyIssue(executor: ExecutorKind, concurrency: number, limits: SubmissionLimits): string | null {
  if (executor === 'THREADS' && concurrency > limits.threads)
    return `Expected concurrency of THREADS to be at most the pool's ${limits.threads} threads`;
  if (executor === 'PROCESSES' && concurrency > limits.processes) {
    return `Expected concurrency of PROCESSES to be at most the pool's ${limits.processes} processes`;
  }
  return null;
}

/** Checks a new concurrency for a batch whose new jobs start on `executor`; the error names the field. */
export function validateConcurrency(
  executor: ExecutorKind,
  concurrency: unknown,
  limits: SubmissionLimits,
): { ok: true; value: number } | { ok: false; error: InvalidInputFailure } {
  const parsed = positiveInt(limits.maxConcurrency, 'concurrency').safeParse(concurrency);
  const message = parsed.success ? concurrencyIssue(executor, parsed.data, limits) : parsed.error.issues[0]!.message;
  if (parsed.success && message === null) return { ok: true, value: parsed.data };
  const issues = [{ path: ['concurrency'], message: message! }];
  return { ok: false, error: { kind: 'INVALID_INPUT', field: 'concurrency', issues, message: `Invalid concurrency: ${message}` } };
}

/** The most jobs a strategy may put in one message to a worker: a chunk's inputs and results travel as one buffer. */
export const MAX_CHUNK_SIZE = 10_000;

/** Executors that run on the event loop take one job at a time: a chunk means nothing there. */
const UNCHUNKED_EXECUTORS: ReadonlySet<ExecutorKind> = new Set(['ASYNC', 'SEQUENTIAL']);

function chunkSizeIssue(executor: ExecutorKind, chunkSize: number): string | null {
  if (UNCHUNKED_EXECUTORS.has(executor) && chunkSize !== 1)
    return `Expected chunkSize of ${executor} to be 1: only THREADS, PROCESSES and REMOTE send several jobs per message`;
  return null;
}

function buildOptionsSchema(limits: SubmissionLimits) {
  return z.object({
    tag: z.enum(JOB_TAGS).nullish(),
    name: z.string().max(200, { error: 'Expected name to be at most 200 characters' }).nullish(),
    timeoutMs: positiveInt(limits.maxTimeoutMs, 'timeoutMs').nullish(),
    maxAttempts: positiveInt(limits.maxAttempts, 'maxAttempts').nullish(),
    backoffMs: z.number().int().min(0).max(600_000, { error: 'Expected backoffMs to be at most 600000' }).nullish(),
    background: z.boolean().nullish(),
    autoReroute: z.boolean().nullish(),
    isolate: z.boolean().nullish(),
    failFast: z.boolean().nullish(),
    idempotencyKey: z
      .string()
      .min(1, { error: 'Expected idempotencyKey to be at least 1 character' })
      .max(200, { error: 'Expected idempotencyKey to be at most 200 characters' })
      .nullish(),
    strategy: z
      .object({
        executor: z.enum(EXECUTOR_KINDS),
        concurrency: positiveInt(limits.maxConcurrency, 'concurrency').nullish(),
        chunkSize: positiveInt(MAX_CHUNK_SIZE, 'chunkSize').nullish(),
      })
      .superRefine((s, ctx) => {
        const message = s.concurrency == null ? null : concurrencyIssue(s.executor, s.concurrency, limits);
        if (message) ctx.addIssue({ code: 'custom', message, path: ['concurrency'] });
        const chunk = s.chunkSize == null ? null : chunkSizeIssue(s.executor, s.chunkSize);
        if (chunk) ctx.addIssue({ code: 'custom', message: chunk, path: ['chunkSize'] });
      })
      .refine((s) => s.executor !== 'REMOTE' || limits.remote === true, {
        error: 'Expected a remote lane for REMOTE: this server was started without SWITCHYARD_REDIS_URL',
        path: ['executor'],
      })
      .nullish(),
    priority: boundedInt(PRIORITY_RANGE.min, PRIORITY_RANGE.max, 'priority').nullish(),
    rateLimit: z
      .object({
        jobs: positiveInt(RATE_LIMIT_BOUNDS.maxJobs, 'rateLimit.jobs'),
        perMs: positiveInt(RATE_LIMIT_BOUNDS.maxPerMs, 'rateLimit.perMs'),
      })
      .nullish(),
  });
}

/** Checks a submission completely before anything is written. */
export function validateSubmission(
  input: SubmitBatchInput,
  registry: TaskRegistry,
  limits: SubmissionLimits,
): { ok: true; value: ValidSubmission } | { ok: false; error: SubmitError } {
  const checked = validateBatchOptions(input, registry, limits);
  if (!checked.ok) return checked;
  const { value } = checked;
  const items: unknown[] = new Array(value.itemCount);
  const checker = new ItemChecker(value.task);
  for (let index = 0; index < value.itemCount; index++) items[index] = checker.check(input.items[index], index)?.value;
  const rejection = checker.rejection();
  if (rejection) return { ok: false, error: rejection };
  return { ok: true, value: { ...value, items } };
}

/**
 * Checks everything in a submission but its items' contents (their count is checked): for a caller that checks the
 * items with an ItemChecker as it writes them, so their validated copies never exist all at once.
 */
export function validateBatchOptions(
  input: SubmitBatchInput,
  registry: TaskRegistry,
  limits: SubmissionLimits,
): { ok: true; value: ValidBatchOptions } | { ok: false; error: SubmitError } {
  const task = registry.get(input.task);
  if (!task) {
    const known = registry
      .list()
      .map((t) => t.name)
      .join(', ');
    return { ok: false, error: { kind: 'UNKNOWN_TASK', task: input.task, message: `Unknown task "${input.task}". Known tasks: ${known}` } };
  }

  const options = optionsSchema(limits).safeParse(input);
  if (!options.success) {
    const issues = options.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
    const field = issues[0]!.path.join('.') || 'input';
    return { ok: false, error: { kind: 'INVALID_INPUT', field, issues, message: `Invalid ${field}: ${issues[0]!.message}` } };
  }

  const runAt = input.runAt ?? null;
  if (runAt !== null) {
    const issue =
      !(runAt instanceof Date) || Number.isNaN(runAt.getTime())
        ? 'Expected runAt to be a date and time'
        : runAt.getTime() > Date.now() + limits.maxRunAtAheadMs
          ? `Expected runAt to be at most ${Math.round(limits.maxRunAtAheadMs / 86_400_000)} days ahead`
          : null;
    if (issue)
      return {
        ok: false,
        error: { kind: 'INVALID_INPUT', field: 'runAt', issues: [{ path: ['runAt'], message: issue }], message: `Invalid runAt: ${issue}` },
      };
  }

  if (!Array.isArray(input.items) || input.items.length === 0) {
    const issues = [{ path: ['items'], message: 'Expected at least one item' }];
    return { ok: false, error: { kind: 'INVALID_INPUT', field: 'items', issues, message: 'Invalid items: expected at least one item' } };
  }
  if (input.items.length > limits.maxBatchSize) {
    return {
      ok: false,
      error: {
        kind: 'TOO_MANY_ITEMS',
        max: limits.maxBatchSize,
        got: input.items.length,
        message: `Too many items: ${input.items.length} > the maximum batch size of ${limits.maxBatchSize}`,
      },
    };
  }

  const o = options.data;
  return {
    ok: true,
    value: {
      task,
      tag: o.tag ?? TASK_TAG[task.kind],
      itemCount: input.items.length,
      strategy: o.strategy
        ? { executor: o.strategy.executor, concurrency: o.strategy.concurrency ?? undefined, chunkSize: o.strategy.chunkSize ?? undefined }
        : null,
      timeoutMs: o.timeoutMs ?? task.timeoutMs,
      maxAttempts: o.maxAttempts ?? 1,
      backoffMs: o.backoffMs ?? DEFAULT_BACKOFF_MS,
      name: o.name ?? null,
      background: o.background ?? false,
      autoReroute: o.autoReroute ?? false,
      isolate: o.isolate ?? task.isolate ?? false,
      runAt: runAt === null ? null : runAt.getTime(),
      priority: o.priority ?? 0,
      rateLimit: o.rateLimit ? { jobs: o.rateLimit.jobs, perMs: o.rateLimit.perMs } : null,
      failFast: o.failFast ?? false,
      idempotencyKey: o.idempotencyKey ?? null,
    },
  };
}

/**
 * Checks items against a task's input schema one at a time, keeping the first MAX_ITEM_ISSUES issues and the count of
 * bad items, so the refusal reads the same whether the items were checked all at once or chunk by chunk.
 */
export class ItemChecker {
  readonly #issues: ItemIssue[] = [];
  #badItems = 0;

  constructor(private readonly task: TaskDefinition) {}

  /** True once any item was bad. */
  get failed(): boolean {
    return this.#badItems > 0;
  }

  /** The item with the schema's defaults applied, or undefined when it is bad (its issues kept). */
  check(item: unknown, index: number): { value: unknown } | undefined {
    const shape = shapeIssue(item);
    if (shape) {
      this.#badItems++;
      if (this.#issues.length < MAX_ITEM_ISSUES) this.#issues.push({ index, path: shape.path, message: shape.message });
      return undefined;
    }
    const parsed = this.task.input.safeParse(item);
    if (parsed.success) return { value: parsed.data };
    this.#badItems++;
    for (const issue of parsed.error.issues) {
      if (this.#issues.length < MAX_ITEM_ISSUES) this.#issues.push({ index, path: issue.path.map(String), message: issue.message });
    }
    return undefined;
  }

  /** The refusal naming the first bad item and its field, once any item was bad; else null. */
  rejection(): SubmitError | null {
    if (this.#badItems === 0) return null;
    const first = this.#issues[0]!;
    const where = first.path.length > 0 ? `.${first.path.join('.')}` : '';
    const badItems = this.#badItems;
    return {
      kind: 'INVALID_ITEMS',
      items: this.#issues,
      message: `${badItems} item${badItems === 1 ? ' does' : 's do'} not match the input schema of ${this.task.name}; first: items[${first.index}]${where}: ${first.message}`,
    };
  }
}
