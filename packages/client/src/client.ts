/**
 * The typed Switchyard client. One instance holds one keep-alive HTTP agent and one graphql-sse client (or, with
 * `transport: 'ws'`, one graphql-ws connection for everything but uploads); every operation is a generated document
 * (documents.ts), so the types follow schema.graphql through `npm run codegen`.
 * Refusals are values (`{ ok: false, error }`, matched on `error.__typename`); a request that could not be answered
 * throws a SwitchyardClientError.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import {
  BATCH,
  BATCH_JOBS,
  BATCH_PROGRESS,
  CANCEL_BATCH,
  COMPARE_STRATEGIES,
  COMPARISON,
  COMPARISON_PROGRESS,
  JOBS_FINISHED,
  RETRY_FAILED,
  SUBMIT_BATCH,
  SUBMIT_BATCH_FILE,
  TASKS,
} from './documents.ts';
import type {
  ClientBatchFragment,
  ClientBatchJobsQuery,
  ClientJobsFinishedSubscription,
  ClientBatchProgressSubscription,
  ClientComparisonFragment,
  ClientErrorFragment,
  ClientJobFragment,
  ClientSubmitBatchMutation,
  ClientTasksQuery,
  CompareStrategiesInput,
  JobStatus,
  SubmitBatchFileInput,
  SubmitBatchInput,
} from './gql/graphql.ts';
import { SwitchyardClientError, coerceClientError, fromGraphQLErrors } from './errors.ts';
import { HttpTransport, type Document } from './transport.ts';
import { WsTransport } from './ws-transport.ts';

export type Batch = ClientBatchFragment;
export type Job = ClientJobFragment;
export type Comparison = ClientComparisonFragment;
export type Task = ClientTasksQuery['tasks'][number];
export type BatchProgress = ClientBatchProgressSubscription['batchProgress'];
/** Every expected refusal, discriminated by `__typename` (UnknownTaskError, InvalidItemsError, …). */
export type SubmitError = ClientErrorFragment;
export type SubmitResult = { ok: true; batch: Batch } | { ok: false; error: SubmitError };
export type CompareResult = { ok: true; comparison: Comparison } | { ok: false; error: SubmitError };

export interface SwitchyardClientOptions {
  /**
   * The server's base URL (`http://localhost:4000`); one that already ends in `/graphql` works too.
   * @default process.env.SWITCHYARD_URL ?? 'http://localhost:4000'
   */
  readonly url?: string | undefined;
  /**
   * Sent as `Authorization: Bearer <key>`.
   * @default process.env.SWITCHYARD_API_KEY (none when unset)
   */
  readonly apiKey?: string | undefined;
  /**
   * How queries, mutations and subscriptions travel: `http` (keep-alive POSTs, subscriptions over SSE), or `ws`
   * (GraphQL over WebSocket on one persistent connection, the lowest latency for submit-and-wait). File uploads go
   * over HTTP either way. With `ws`, call close() when done: an open socket keeps the process alive.
   * @default 'http'
   */
  readonly transport?: 'http' | 'ws' | undefined;
}

/** What runs one query or mutation: the HTTP transport or the WebSocket one. */
interface Operations {
  execute<TResult, TVariables>(document: Document<TResult, TVariables>, variables?: TVariables): Promise<TResult>;
}

/** One result of a subscription, as either transport delivers it. */
interface StreamResult<TResult> {
  readonly data?: TResult | null | undefined;
  readonly errors?: ReadonlyArray<{ readonly message: string; readonly extensions?: { readonly [key: string]: unknown } | undefined }> | undefined;
}

/** What carries subscriptions: graphql-sse's client over HTTP, or the WebSocket transport. */
interface Streams {
  iterate<TResult>(payload: { query: string; variables?: Record<string, unknown> }): AsyncIterator<StreamResult<TResult>>;
  dispose(): void;
}

export interface WaitOptions<P> {
  /** Each coalesced snapshot, as the server sends it (at most 4 a second). */
  readonly onProgress?: ((progress: P) => void) | undefined;
  /** Stops waiting (the batch goes on); the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

export interface ResultsOptions {
  /** Only jobs in this status. */
  readonly status?: JobStatus | undefined;
  /** Follow the batch: jobs as they finish (jobsFinished), in finishing order, until the batch ends. */
  readonly live?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface SubmitFileOptions {
  /** The file name the server sees (it picks the format from it unless `input.format` says); default the path's. */
  readonly filename?: string | undefined;
}

/** The server refuses larger pages (BAD_USER_INPUT); results() pages at exactly this size. */
export const PAGE_SIZE = 500;
/** How many times in a row a dropped subscription is resumed before the error is thrown. */
const RESUBSCRIBE_ATTEMPTS = 3;
const DEFAULT_URL = 'http://localhost:4000';

/** `http://host:4000`, `http://host:4000/`, and `http://host:4000/graphql` all mean the same endpoint. */
export function graphqlEndpoint(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`Expected \`url\` to be an http(s) URL such as http://localhost:4000, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`Expected \`url\` to be an http(s) URL such as http://localhost:4000, got ${JSON.stringify(url)}`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  parsed.pathname = path.endsWith('/graphql') ? path : `${path}/graphql`;
  return parsed;
}

export class SwitchyardClient {
  /** The GraphQL endpoint requests go to. */
  readonly endpoint: URL;
  private readonly transport: HttpTransport;
  private readonly operations: Operations;
  private readonly streams: Streams;

  constructor(options: SwitchyardClientOptions = {}) {
    const url = options.url ?? process.env.SWITCHYARD_URL ?? DEFAULT_URL;
    const apiKey = options.apiKey ?? (process.env.SWITCHYARD_API_KEY || undefined);
    this.endpoint = graphqlEndpoint(url);
    this.transport = new HttpTransport(this.endpoint, apiKey);
    const transport = options.transport ?? 'http';
    if (transport === 'ws') {
      const ws = new WsTransport(this.endpoint, apiKey);
      this.operations = ws;
      this.streams = ws;
    } else if (transport === 'http') {
      this.operations = this.transport;
      // Retries are ours (resubscribe with the last cursor), so graphql-sse never replays a stream from its start.
      this.streams = createSseClient({ url: this.endpoint.href, fetchFn: this.transport.fetchForSse, retryAttempts: 0 }) satisfies SseClient;
    } else {
      throw new TypeError(`Expected \`transport\` to be 'http' or 'ws', got ${JSON.stringify(transport)}`);
    }
  }

  async submit(input: SubmitBatchInput): Promise<SubmitResult> {
    const data = await this.operations.execute(SUBMIT_BATCH, { input });
    return toSubmitResult(data.submitBatch);
  }

  /** submitBatchFile: the items as a file (JSON lines, a JSON array, or CSV with a header), streamed. */
  async submitFile(file: string | Readable, input: SubmitBatchFileInput, options: SubmitFileOptions = {}): Promise<SubmitResult> {
    const stream = typeof file === 'string' ? createReadStream(file) : file;
    const filename = options.filename ?? (typeof file === 'string' ? basename(file) : 'items.jsonl');
    const data = await this.transport.executeUpload(SUBMIT_BATCH_FILE, { input }, 'file', { stream, filename });
    return toSubmitResult(data.submitBatchFile);
  }

  /** The batch, or null when there is none with this id. */
  async batch(id: string): Promise<Batch | null> {
    return (await this.operations.execute(BATCH, { id })).batch;
  }

  async tasks(): Promise<Task[]> {
    return (await this.operations.execute(TASKS)).tasks;
  }

  /** Cancels queued and running jobs; null when there is no such batch. */
  async cancel(batchId: string): Promise<Batch | null> {
    return (await this.operations.execute(CANCEL_BATCH, { id: batchId })).cancelBatch;
  }

  /** Runs the failed, timed-out and cancelled jobs again; null when there is no such batch. */
  async retryFailed(batchId: string): Promise<Batch | null> {
    return (await this.operations.execute(RETRY_FAILED, { batchId })).retryFailed;
  }

  /**
   * Resolves with the batch once it has ended, following the batchProgress subscription (no polling). A dropped
   * stream is resumed (the first snapshot of a new stream is the current state, so nothing is missed).
   */
  async waitFor(batchId: string, options: WaitOptions<BatchProgress> = {}): Promise<Batch> {
    await this.follow(BATCH_PROGRESS, { id: batchId }, options.signal, (data) => {
      options.onProgress?.(data.batchProgress);
      return data.batchProgress.done;
    });
    const batch = await this.batch(batchId);
    if (!batch) throw new SwitchyardClientError('PROTOCOL', `No batch ${batchId}`, { code: 'NOT_FOUND' });
    return batch;
  }

  /**
   * Every job of the batch. By default in submission order, paged for you (500 a page); with `live`, jobs as they
   * finish, from the jobsFinished subscription, resumed by cursor if the stream drops, until the batch has ended.
   */
  async *results(batchId: string, options: ResultsOptions = {}): AsyncGenerator<Job, void, undefined> {
    if (options.live) {
      yield* this.liveResults(batchId, options);
      return;
    }
    let after: string | null = null;
    for (;;) {
      options.signal?.throwIfAborted();
      const data: ClientBatchJobsQuery = await this.operations.execute(BATCH_JOBS, {
        id: batchId,
        first: PAGE_SIZE,
        after,
        status: options.status ?? null,
      });
      if (!data.batch) throw new SwitchyardClientError('PROTOCOL', `No batch ${batchId}`, { code: 'NOT_FOUND' });
      for (const edge of data.batch.jobs.edges) yield edge.node;
      const { hasNextPage, endCursor } = data.batch.jobs.pageInfo;
      if (!hasNextPage || !endCursor) return;
      after = endCursor;
    }
  }

  /** Starts a strategy comparison and, unless told not to, waits for its verdict over comparisonProgress. */
  async compare(input: CompareStrategiesInput, options: WaitOptions<Comparison> & { readonly wait?: boolean } = {}): Promise<CompareResult> {
    const data = await this.operations.execute(COMPARE_STRATEGIES, { input });
    const result = data.compareStrategies;
    if (result.__typename !== 'CompareStrategiesSuccess') return { ok: false, error: result };
    if (options.wait === false) return { ok: true, comparison: result.comparison };
    return { ok: true, comparison: await this.waitForComparison(result.comparison.id, options) };
  }

  /** Resolves with the comparison once it has ended (comparisonProgress ends with it). */
  async waitForComparison(id: string, options: WaitOptions<Comparison> = {}): Promise<Comparison> {
    const ended = (c: Comparison) => c.status !== 'RUNNING';
    await this.follow(COMPARISON_PROGRESS, { id }, options.signal, (data) => {
      options.onProgress?.(data.comparisonProgress);
      return ended(data.comparisonProgress);
    });
    const comparison = (await this.operations.execute(COMPARISON, { id })).comparison;
    if (!comparison) throw new SwitchyardClientError('PROTOCOL', `No comparison ${id}`, { code: 'NOT_FOUND' });
    return comparison;
  }

  /** Closes idle keep-alive sockets and the WebSocket, if any (open subscriptions end with their iterators). */
  close(): void {
    this.streams.dispose();
    this.transport.close();
  }

  private async *liveResults(batchId: string, options: ResultsOptions): AsyncGenerator<Job, void, undefined> {
    let after: string | null = null;
    let failures = 0;
    for (;;) {
      try {
        const chunks: AsyncGenerator<ClientJobsFinishedSubscription> = this.subscribe(JOBS_FINISHED, { batchId, after }, options.signal);
        for await (const data of chunks) {
          failures = 0;
          const chunk: ClientJobsFinishedSubscription['jobsFinished'] = data.jobsFinished;
          for (const job of chunk.jobs) if (!options.status || job.status === options.status) yield job;
          after = chunk.cursor;
          if (chunk.done) return;
        }
      } catch (error: unknown) {
        if (!(error instanceof SwitchyardClientError) || error.kind !== 'UNREACHABLE' || ++failures > RESUBSCRIBE_ATTEMPTS) throw error;
      }
      options.signal?.throwIfAborted();
    }
  }

  /** Reads a subscription until `isLast` says so; a stream that drops or ends early is opened again. */
  private async follow<TResult, TVariables>(
    document: Document<TResult, TVariables>,
    variables: TVariables,
    signal: AbortSignal | undefined,
    isLast: (data: TResult) => boolean,
  ): Promise<void> {
    let failures = 0;
    for (;;) {
      try {
        for await (const data of this.subscribe(document, variables, signal)) {
          failures = 0;
          if (isLast(data)) return;
        }
      } catch (error: unknown) {
        if (!(error instanceof SwitchyardClientError) || error.kind !== 'UNREACHABLE') throw error;
      }
      if (++failures > RESUBSCRIBE_ATTEMPTS)
        throw new SwitchyardClientError('UNREACHABLE', `The subscription kept dropping (${RESUBSCRIBE_ATTEMPTS} times)`);
      signal?.throwIfAborted();
    }
  }

  /** One subscription (SSE or WebSocket) as an async iterator of `data`; aborting the signal ends it and throws its reason. */
  private async *subscribe<TResult, TVariables>(
    document: Document<TResult, TVariables>,
    variables: TVariables,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<TResult, void, undefined> {
    signal?.throwIfAborted();
    const iterator = this.streams.iterate<TResult>({ query: document.toString(), variables: variables as Record<string, unknown> });
    // The iterator waits on the stream; an abort ends that wait by failing the iterator with the reason.
    const onAbort = () => void iterator.throw?.(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        let next: IteratorResult<StreamResult<TResult>>;
        try {
          next = await iterator.next();
        } catch (error: unknown) {
          if (signal?.aborted) throw signal.reason;
          throw coerceClientError(error);
        }
        if (signal?.aborted) throw signal.reason;
        if (next.done) return;
        const { data, errors } = next.value;
        if (errors?.length) throw fromGraphQLErrors(errors);
        if (data != null) yield data;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await iterator.return?.();
    }
  }
}

function toSubmitResult(result: ClientSubmitBatchMutation['submitBatch']): SubmitResult {
  return result.__typename === 'SubmitBatchSuccess' ? { ok: true, batch: result.batch } : { ok: false, error: result };
}
