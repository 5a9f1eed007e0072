/** Option values as the CLI accepts them, each refused with a precise message (exit 2). */
import { CliError, ExitCode } from './exit-codes.ts';
import type { ExecutorKind, JobTag, StrategyInput } from '../gql/graphql.ts';

const EXECUTORS: readonly ExecutorKind[] = ['SEQUENTIAL', 'ASYNC', 'THREADS', 'PROCESSES'];
const TAGS: readonly JobTag[] = ['IO', 'CPU', 'MIXED'];
const UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

function refuse(message: string): never {
  throw new CliError(message, ExitCode.REFUSED);
}

/** `THREADS`, `ASYNC:10` (case-insensitive). */
export function parseStrategy(value: string): StrategyInput {
  const [name = '', concurrency, ...rest] = value.trim().split(':');
  const executor = name.toUpperCase() as ExecutorKind;
  if (!EXECUTORS.includes(executor) || rest.length > 0)
    refuse(`Expected a strategy such as THREADS or ASYNC:10 (executors: ${EXECUTORS.join(', ')}), got "${value}"`);
  if (concurrency === undefined) return { executor };
  return { executor, concurrency: parsePositiveInt(concurrency, `the concurrency in "${value}"`) };
}

export function parseStrategies(value: string): StrategyInput[] {
  const strategies = value.split(',').filter((s) => s.trim() !== '');
  if (strategies.length === 0) refuse('Expected --strategies to list at least one strategy, such as SEQUENTIAL,ASYNC:10,THREADS');
  return strategies.map(parseStrategy);
}

export function parseTag(value: string): JobTag {
  const tag = value.toUpperCase() as JobTag;
  if (!TAGS.includes(tag)) refuse(`Expected --tag to be one of ${TAGS.join(', ')}, got "${value}"`);
  return tag;
}

/** `5s`, `250ms`, `2m`, or a number of milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(value.trim());
  if (!match) refuse(`Expected a duration such as 5s, 250ms or 2m, got "${value}"`);
  const ms = Math.round(Number(match[1]) * (UNITS_MS[(match[2] ?? 'ms').toLowerCase()] ?? 1));
  if (ms < 1) refuse(`Expected a duration of at least 1 ms, got "${value}"`);
  return ms;
}

export function parsePositiveInt(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) refuse(`Expected ${what} to be a positive integer, got "${value}"`);
  return n;
}

export function parseJson(value: string, what: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error: unknown) {
    refuse(`Expected ${what} to be JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
