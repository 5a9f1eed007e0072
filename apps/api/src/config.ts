import { fileURLToPath } from 'node:url';
import { ConfigError, DURATION_HINT, parseRetention, type AdmissionLimits } from '@switchyard/engine';
import { z } from 'zod';
import type { AuthSetting } from './auth/mode.ts';
import { parseCorsOrigins } from './edge/edge.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Submissions per second per key once keys are required, unless SWITCHYARD_RATE_SUBMISSIONS says otherwise. */
export const DEFAULT_SUBMISSIONS_PER_SECOND = 200;

/** Every setting the server reads from the environment; the README's configuration table mirrors this. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SWITCHYARD_DB: z.string().min(1).default('./data/switchyard.db'),
  SWITCHYARD_TASKS: z.string().optional(),
  SWITCHYARD_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  SWITCHYARD_PROCESSES: z.coerce.number().int().min(1).max(256).optional(),
  SWITCHYARD_MAX_BATCH: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  SWITCHYARD_WEB_DIR: z.string().default(`${REPO_ROOT}apps/web/out`),
  SWITCHYARD_AUTH: z.enum(['auto', 'required']).default('auto'),
  SWITCHYARD_RATE_SUBMISSIONS: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_SUBMISSIONS_PER_SECOND),
  SWITCHYARD_QUOTA_QUEUED_JOBS: z.coerce.number().int().min(1).max(100_000_000).default(1_000_000),
  SWITCHYARD_MAX_QUEUED_JOBS: z.coerce.number().int().min(1).max(1_000_000_000).default(2_000_000),
  SWITCHYARD_MAX_LOOP_DELAY_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  SWITCHYARD_QUOTA_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000_000).optional(),
  SWITCHYARD_CORS_ORIGINS: z.string().optional(),
  SWITCHYARD_GRAPHIQL: z.enum(['0', '1']).optional(),
  SWITCHYARD_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { error: 'Expected a redis:// or rediss:// URL' })
    .optional(),
  SWITCHYARD_RETENTION: z
    .string()
    .default('30d')
    .transform((text, ctx) => {
      const ms = parseRetention(text);
      if (ms === null) ctx.addIssue({ code: 'custom', message: `expected ${DURATION_HINT}; got "${text}"` });
      return ms ?? 0;
    }),
  // Digits only: an empty value is an error rather than a silent 0 (no grace at all).
  SWITCHYARD_TIMEOUT_GRACE_MS: z
    .string()
    .regex(/^\d+$/, 'expected a whole number of milliseconds, 0 or more')
    .transform(Number)
    .pipe(z.number().max(600_000, 'expected at most 600000 ms (10 minutes)'))
    .optional(),
  SWITCHYARD_HISTORY: z.enum(['on', 'off']).default('on'),
  SWITCHYARD_METRICS_TOKEN: z.string().min(16, 'a scrape token shorter than 16 characters is too easy to guess').optional(),
});

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dbPath: string;
  readonly taskModules: string[];
  readonly threads?: number | undefined;
  readonly processes?: number | undefined;
  readonly maxBatchSize: number;
  /** The built dashboard (Next.js static export) served at `/`. */
  readonly webDir: string;
  /** `required`: every request needs a key. `auto`: open on loopback until a key exists, required otherwise. */
  readonly auth?: AuthSetting | undefined;
  /** Submissions per second per key once keys are required (no rate in open local mode). */
  readonly submissionsPerSecond?: number | undefined;
  /** Queued jobs a team may hold; queued jobs the server holds; event-loop delay (p99, ms) before it refuses work. */
  readonly admission?: Partial<AdmissionLimits> | undefined;
  /** The most slots of one lane a team may hold at once (unset: no quota, the fair share divides). */
  readonly teamMaxInFlightPerLane?: number | undefined;
  /** Origins besides the server's own allowed to call the API with credentials (none when absent). */
  readonly corsOrigins?: readonly string[];
  /** GraphiQL, introspection and field suggestions: on, off, or (absent) on exactly when keys are not required. */
  readonly exposeSchema?: boolean;
  /** Remote workers through BullMQ on this Redis: turns on the REMOTE lane. */
  readonly redisUrl?: string | undefined;
  /** How long finished batches are kept, ms; 0 keeps everything. */
  readonly retentionMs?: number | undefined;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
  /** The soft time limit's grace for CPU jobs on threads and processes, ms (the engine's default when absent). */
  readonly timeoutGraceMs?: number | undefined;
  /** Persist per-lane history buckets (off: the overview's stored charts stay empty; for measuring their cost). */
  readonly persistHistory?: boolean | undefined;
}

/** The database path alone (the `keys` command), with the server's default. */
export function dbPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return EnvSchema.shape.SWITCHYARD_DB.parse(env.SWITCHYARD_DB);
}

/** Reads the configuration, naming the variable and the reason when one is wrong. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: e.SWITCHYARD_DB,
    taskModules: (e.SWITCHYARD_TASKS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    threads: e.SWITCHYARD_THREADS,
    processes: e.SWITCHYARD_PROCESSES,
    maxBatchSize: e.SWITCHYARD_MAX_BATCH,
    webDir: e.SWITCHYARD_WEB_DIR,
    auth: e.SWITCHYARD_AUTH,
    submissionsPerSecond: e.SWITCHYARD_RATE_SUBMISSIONS,
    admission: {
      teamMaxQueuedJobs: e.SWITCHYARD_QUOTA_QUEUED_JOBS,
      maxQueuedJobs: e.SWITCHYARD_MAX_QUEUED_JOBS,
      maxLoopDelayMs: e.SWITCHYARD_MAX_LOOP_DELAY_MS,
    },
    teamMaxInFlightPerLane: e.SWITCHYARD_QUOTA_IN_FLIGHT,
    corsOrigins: parseCorsOrigins(e.SWITCHYARD_CORS_ORIGINS),
    // SWITCHYARD_GRAPHIQL=1 or 0 decides; unset, the server exposes the schema exactly when keys are not required.
    ...(e.SWITCHYARD_GRAPHIQL ? { exposeSchema: e.SWITCHYARD_GRAPHIQL === '1' } : {}),
    redisUrl: e.SWITCHYARD_REDIS_URL,
    retentionMs: e.SWITCHYARD_RETENTION,
    metricsToken: e.SWITCHYARD_METRICS_TOKEN,
    timeoutGraceMs: e.SWITCHYARD_TIMEOUT_GRACE_MS,
    persistHistory: e.SWITCHYARD_HISTORY === 'on',
  };
}
