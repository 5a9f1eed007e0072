import { stringify } from 'csv-stringify/sync';
import { JOB_STATUSES, type Engine, type JobRecord, type JobStatus } from '@switchyard/engine';
import type { IdCodec } from '@switchyard/schema';
import type { Plugin } from 'graphql-yoga';

/** `/batches/<id>/results.jsonl` or `.csv`; matched on the raw path, so a malformed escape never reaches a decoder. */
const ROUTE = /^\/batches\/(b_[A-Za-z0-9_-]{22})\/results\.(jsonl|csv)$/;
/** Jobs read per page: memory holds one page, never the batch. */
const PAGE = 500;

const CSV_COLUMNS = [
  'index',
  'id',
  'status',
  'attempts',
  'executor',
  'queued_at',
  'started_at',
  'finished_at',
  'wait_ms',
  'run_ms',
  'input',
  'result',
  'error_code',
  'error_message',
] as const;

const ms = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null);

function exported(job: JobRecord, ids: IdCodec) {
  return {
    index: job.index,
    id: ids.encode('job', job.id),
    status: job.status,
    attempts: job.attempts,
    executor: job.executor,
    queuedAt: job.queuedAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    waitMs: ms(job.queuedAt, job.startedAt),
    runMs: ms(job.startedAt, job.finishedAt),
    input: job.input,
    result: job.result,
    error: job.error ? { code: job.error.code, message: job.error.message } : null,
  };
}

function csvRow(job: JobRecord, ids: IdCodec): unknown[] {
  const e = exported(job, ids);
  return [
    e.index,
    e.id,
    e.status,
    e.attempts,
    e.executor,
    e.queuedAt,
    e.startedAt,
    e.finishedAt,
    e.waitMs,
    e.runMs,
    JSON.stringify(e.input),
    e.result === null || e.result === undefined ? '' : JSON.stringify(e.result),
    e.error?.code ?? '',
    e.error?.message ?? '',
  ];
}

/**
 * GET /batches/<id>/results.jsonl and .csv: every job of a batch (index, status, input, result, error, attempts,
 * timings), optionally only those with `?status=`. Streamed a page at a time as the client reads (a pull stream:
 * a slow client slows the reads, it does not fill memory). A batch of another team is the same 404 as none.
 */
export function useResultsExport(engine: Engine, ids: IdCodec, teamOf: (request: Request) => string): Plugin {
  return {
    onRequest(payload) {
      const { url, request } = payload;
      const match = ROUTE.exec(url.pathname);
      if (!match || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      const [, id, format] = match as unknown as [string, string, 'jsonl' | 'csv'];
      const rowId = ids.decode('batch', id);
      const batch = rowId === null ? null : engine.teamBatch(rowId, teamOf(request));
      if (!batch) {
        payload.endResponse(new Response(`No batch ${id}\n`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const statusParam = url.searchParams.get('status');
      if (statusParam !== null && !JOB_STATUSES.includes(statusParam as JobStatus)) {
        const message = `Invalid status: expected one of ${JOB_STATUSES.join(', ')}, got ${JSON.stringify(statusParam)}\n`;
        payload.endResponse(new Response(message, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const status = (statusParam ?? undefined) as JobStatus | undefined;
      const encoder = new TextEncoder();
      let afterIndex = -1;
      let done = false;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          if (format === 'csv') controller.enqueue(encoder.encode(stringify([CSV_COLUMNS])));
        },
        pull(controller) {
          if (done) return controller.close();
          const page = engine.listJobs(batch.id, status, PAGE, afterIndex);
          const text =
            format === 'csv'
              ? stringify(page.items.map((job) => csvRow(job, ids)))
              : page.items.map((job) => `${JSON.stringify(exported(job, ids))}\n`).join('');
          if (text.length > 0) controller.enqueue(encoder.encode(text));
          afterIndex = page.items.at(-1)?.index ?? afterIndex;
          done = !page.hasNextPage;
        },
      });
      const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
      const filename = `batch-${id}${status ? `-${status.toLowerCase()}` : ''}.${format}`;
      payload.endResponse(
        new Response(request.method === 'HEAD' ? null : body, {
          headers: { 'content-type': type, 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
