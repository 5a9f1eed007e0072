/** Option values as the CLI accepts them, each refused with a precise message (exit 2). */
import { CliError, ExitCode } from './exit-codes.ts';
import type { ExecutorKind, JobTag, StrategyInput } from '../gql/graphql.ts';

const EXECUTORS: readonly ExecutorKind[] = ['SEQUENTIAL', 'ASYNC', 'THREADS', 'PROCESSES'];
const TAGS: readonly JobTag[] = ['IO', 'CPU', 'MIXED'];
const UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

function refuse(message: string): never {
  throw new CliError(message, ExitCode.REFUSED);
}

/**
 * `THREADS`, `ASYNC:10`, `THREADS:2/256` (case-insensitive): an executor, its concurrency after `:`, and after `/`
 * how many jobs go in one message to a pool (a data batch's chunk; `/1` sends one per message).
 */
export function parseStrategy(value: string): StrategyInput {
  const [head = '', chunk, ...extra] = value.trim().split('/');
  const [name = '', concurrency, ...rest] = head.split(':');
  const executor = name.toUpperCase() as ExecutorKind;
  if (!EXECUTORS.includes(executor) || rest.length > 0 || extra.length > 0)
    refuse(`Expected a strategy such as THREADS, ASYNC:10 or THREADS:2/256 (executors: ${EXECUTORS.join(', ')}), got "${value}"`);
  return {
    executor,
    ...(concurrency === undefined ? {} : { concurrency: parsePositiveInt(concurrency, `the concurrency in "${value}"`) }),
    ...(chunk === undefined ? {} : { chunkSize: parsePositiveInt(chunk, `the jobs per message in "${value}"`) }),
  };
}

export function parseTransport(value: string): 'http' | 'ws' {
  const transport = value.toLowerCase();
  if (transport !== 'http' && transport !== 'ws') refuse(`Expected --transport to be http or ws, got "${value}"`);
  return transport;
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
