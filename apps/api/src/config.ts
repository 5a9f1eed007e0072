import { fileURLToPath } from 'node:url';
import { ConfigError, DURATION_HINT, parseRetention } from '@switchyard/engine';
import { z } from 'zod';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

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
  SWITCHYARD_RETENTION: z
    .string()
    .default('30d')
    .transform((text, ctx) => {
      const ms = parseRetention(text);
      if (ms === null) ctx.addIssue({ code: 'custom', message: `expected ${DURATION_HINT}; got "${text}"` });
      return ms ?? 0;
    }),
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
  /** How long finished batches are kept, ms; 0 keeps everything. */
  readonly retentionMs?: number | undefined;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
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
    retentionMs: e.SWITCHYARD_RETENTION,
    metricsToken: e.SWITCHYARD_METRICS_TOKEN,
  };
}
