/** What the CLI prints: human summaries for stderr/stdout, and the fixed machine-readable shapes of --json. */
import { stringify } from 'csv-stringify';
import type { Batch, Comparison, Job, SubmitError } from '../client.ts';
import { formatDuration, formatRate } from './progress.ts';

/** `submit --wait --json`, `status --json`, `watch --json`: the batch as one JSON object. */
export function batchJson(batch: Batch) {
  return {
    id: batch.id,
    name: batch.name,
    task: batch.task,
    tag: batch.tag,
    status: batch.status,
    done: batch.done,
    total: batch.total,
    counts: batch.counts,
    wallMs: batch.wallMs,
    throughput: batch.throughput,
    route: batch.route,
    failures: batch.failures,
  };
}

export function batchSummary(batch: Batch): string {
  const c = batch.counts;
  const lines = [
    `Batch ${batch.id}${batch.name ? ` (${batch.name})` : ''}: ${batch.status}${batch.done ? '' : batch.status === 'SCHEDULED' ? ' (held until its runAt)' : ' (running)'}`,
    `  task ${batch.task}, tag ${batch.tag}, ${batch.total} jobs → ${batch.route.executor}×${batch.route.concurrency} (rule ${batch.route.rule})`,
    `  ${c.succeeded} succeeded, ${c.failed} failed, ${c.timedOut} timed out, ${c.cancelled} cancelled, ${c.running} running, ${c.queued} queued`,
    `  wall ${formatDuration(batch.wallMs)}, ${formatRate(batch.throughput)}`,
  ];
  for (const f of batch.failures.slice(0, 5)) lines.push(`  ✗ ${f.count} × ${f.code}: ${f.message} (e.g. job ${f.sampleJobId})`);
  return lines.join('\n');
}

/** A refusal in words, with the details its type carries. */
export function refusalText(error: SubmitError): string {
  const lines = [`Refused (${error.__typename}): ${error.message}`];
  switch (error.__typename) {
    case 'InvalidItemsError':
      for (const item of error.items) lines.push(`  items[${item.index}]${item.path.length ? `.${item.path.join('.')}` : ''}: ${item.message}`);
      break;
    case 'InvalidInputError':
      for (const issue of error.issues) lines.push(`  ${[error.field, ...issue.path].join('.')}: ${issue.message}`);
      break;
    case 'InvalidFileError':
      for (const row of error.rows) lines.push(`  row ${row.row}: ${row.message}`);
      break;
    default:
      break;
  }
  return lines.join('\n');
}

/** One job as a JSON line of `results`. */
export function jobJson(job: Job) {
  return {
    id: job.id,
    index: job.index,
    status: job.status,
    input: job.input,
    result: job.result ?? null,
    error: job.error ?? null,
    attempts: job.attempts,
    executor: job.executor,
    waitMs: job.waitMs,
    runMs: job.runMs,
  };
}

export const CSV_COLUMNS = [
  'id',
  'index',
  'status',
  'attempts',
  'executor',
  'waitMs',
  'runMs',
  'input',
  'result',
  'errorCode',
  'errorMessage',
] as const;

/** A CSV stream of jobs (header row first); input and result are JSON text in their cells. */
export function jobsCsv() {
  return stringify({ header: true, columns: [...CSV_COLUMNS] });
}

export function jobCsvRow(job: Job): Record<(typeof CSV_COLUMNS)[number], unknown> {
  return {
    id: job.id,
    index: job.index,
    status: job.status,
    attempts: job.attempts,
    executor: job.executor ?? '',
    waitMs: job.waitMs ?? '',
    runMs: job.runMs ?? '',
    input: JSON.stringify(job.input),
    result: job.result === undefined || job.result === null ? '' : JSON.stringify(job.result),
    errorCode: job.error?.code ?? '',
    errorMessage: job.error?.message ?? '',
  };
}

/** Rows of text as aligned columns. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function comparisonTable(comparison: Comparison): string {
  const rows = comparison.runs.map((run) => [
    `${run.executor}${run.concurrency > 1 ? `×${run.concurrency}` : ''}`,
    run.status,
    formatDuration(run.wallMs),
    formatRate(run.throughput),
    `${run.speedup.toFixed(2)}x`,
    `${Math.round(run.efficiency * 100)}%`,
    formatDuration(run.cpuMs),
    `${run.peakRssMb.toFixed(0)} MB`,
    `${run.eventLoopP99Ms.toFixed(1)} ms`,
    String(run.errors),
  ]);
  const header = ['strategy', 'status', 'wall', 'throughput', 'speedup', 'efficiency', 'cpu', 'peak rss', 'loop p99', 'errors'];
  const title = `Comparison ${comparison.id}: ${comparison.task}, ${comparison.total} items, ${comparison.status}`;
  const verdict = comparison.verdict ? `\n\n${comparison.verdict}` : comparison.error ? `\n\nError: ${comparison.error}` : '';
  return `${title}\n\n${table(header, rows)}${verdict}`;
}
