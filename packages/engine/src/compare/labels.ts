import type { ComparisonRun, Strategy } from '../types.ts';

/**
 * How comparisons name strategies: one wording for batch names, verdicts, the API's `label` and the dashboard, so a
 * chunked run can never be mistaken for one item per message.
 */

/** What a run ran: `THREADS×2, 256 per message`, or `THREADS×2` when it sent one job per message. */
export function runLabel(run: Pick<ComparisonRun, 'executor' | 'concurrency' | 'chunkSize'>): string {
  const chunk = run.chunkSize ?? 1;
  return `${run.executor}×${run.concurrency}${chunk > 1 ? `, ${chunk} per message` : ''}`;
}

/** A strategy as asked for, before it is routed (batch names): `THREADS×2`, `ASYNC×default`, `THREADS×default, 1 per message`. */
export function strategyName(strategy: Strategy): string {
  const chunk = strategy.chunkSize == null ? '' : `, ${strategy.chunkSize} per message`;
  return `${strategy.executor}×${strategy.concurrency ?? 'default'}${chunk}`;
}
