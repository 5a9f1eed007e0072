/**
 * The two ways the bench drives Switchyard, behind one small interface so every workload runs the same code
 * on both: through the front door (GraphQL over HTTP against a real server process) and through the engine
 * in-process (the reference: what the engine costs without HTTP, GraphQL and a second process).
 */
import { GraphQLClient } from './graphql-client.ts';
import { WsGraphQLClient } from './ws-client.ts';
import type { Strategy } from './workloads.ts';

export interface FinalBatch {
  readonly id: string;
  readonly status: string;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly cancelled: number;
}

export type SubmitOutcome =
  /** `final`: the submission already answered with the finished batch (submitBatch's waitMs). */
  | { readonly ok: true; readonly id: string; readonly final?: FinalBatch }
  | { readonly ok: false; readonly message: string; readonly maxItems?: number; readonly detail?: unknown };

export interface SubmitRequest {
  readonly task: string;
  readonly tag: 'CPU' | 'IO';
  readonly items: readonly unknown[];
  readonly strategy?: Strategy | undefined;
}

export interface Driver {
  readonly kind: 'graphql' | 'engine';
  /** For progress lines: the kind, and how it waits when that differs from the default. */
  readonly name: string;
  submit(request: SubmitRequest): Promise<SubmitOutcome>;
  /** Resolves once the batch is terminal, as soon as this client can know it. `signal` gives up waiting. */
  wait(id: string, signal?: AbortSignal): Promise<FinalBatch>;
  /** The server's own view of a finished batch (wallMs, throughput…), for the raw file. Never timed. */
  inspect(id: string): Promise<Record<string, unknown> | null>;
  close(): Promise<void>;
}

const TERMINAL_BATCH = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

// ---------------------------------------------------------------------------------------------- GraphQL

const submitMutation = (batchFields: string) => /* GraphQL */ `
  mutation BenchSubmit($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      __typename
      ... on SubmitBatchSuccess { batch { ${batchFields} } }
      ... on Error { message }
      ... on TooManyItemsError { max got }
      ... on InvalidItemsError { items { index path message } }
      ... on InvalidInputError { field issues { path message } }
    }
  }`;
const SUBMIT = submitMutation('id');
/** With waitMs the answer may carry the finished batch: ask for what FinalBatch needs. */
const SUBMIT_AND_WAIT = submitMutation('id status total counts { succeeded failed timedOut cancelled }');

const BATCH_STATUS = /* GraphQL */ `
  query BenchBatchStatus($id: ID!) {
    batch(id: $id) { id status total counts { succeeded failed timedOut cancelled } }
  }`;

const BATCH_DETAIL = /* GraphQL */ `
  query BenchBatchDetail($id: ID!) {
    batch(id: $id) {
      id status total wallMs throughput createdAt startedAt finishedAt
      counts { succeeded failed timedOut cancelled }
      route { executor concurrency rule lane reason }
    }
  }`;

const PROGRESS = /* GraphQL */ `
  subscription BenchProgress($id: ID!) {
    batchProgress(id: $id) { seq done status total counts { succeeded failed timedOut cancelled } }
  }`;

interface CountsResponse {
  succeeded: number;
  failed: number;
  timedOut: number;
  cancelled: number;
}

function toFinal(id: string, b: { status: string; total: number; counts: CountsResponse }): FinalBatch {
  return { id, status: b.status, total: b.total, ...b.counts };
}

/**
 * How the GraphQL client learns that a batch is done.
 *
 * - 'poll' (the default): `batch(id)` queries, each awaited before the next. The pause between queries grows
 *   with the time already waited (`fraction` of it, capped at `maxMs`; no pause at all while that is under
 *   half a millisecond), so completion is seen at most ~2% late on any batch length, while a 5-second cpu
 *   batch costs the server about a hundred cheap queries instead of thousands (on 2 cores, answering queries
 *   steals CPU from the worker threads being measured).
 *   `pollMs` instead fixes the pause.
 * - 'sse': the `batchProgress` subscription, until a snapshot with `done: true`. Zero load while jobs run,
 *   and what a dashboard sees; but the server coalesces snapshots (≤ 4/s), and at the time of writing the
 *   terminal snapshot also waits out that window (~250 ms), which would swamp every figure here. Measured
 *   separately for the latency workload and reported in the notes, so that delay stays visible.
 */
export type WaitMode =
  | { readonly mode: 'sse' }
  | { readonly mode: 'poll'; readonly pollMs: number }
  | { readonly mode: 'poll'; readonly fraction: number; readonly maxMs: number };

export const DEFAULT_WAIT: WaitMode = { mode: 'poll', fraction: 0.02, maxMs: 50 };

export function describeWait(wait: WaitMode): string {
  if (wait.mode === 'sse') return 'the batchProgress subscription (SSE)';
  if ('pollMs' in wait) return `polling batch(id) every ${wait.pollMs} ms`;
  return `polling batch(id), pausing ${wait.fraction * 100}% of the time waited so far (at most ${wait.maxMs} ms) between queries`;
}

/**
 * `submitWaitMs`: pass submitBatch's waitMs, so that a short batch is answered finished in one round trip;
 * waitMode then only serves batches still running when the server answers.
 */
export function graphqlDriver(endpoint: string, waitMode: WaitMode, submitWaitMs?: number, headers: Record<string, string> = {}): Driver {
  return driverOn(new GraphQLClient(endpoint, headers), 'graphql', waitMode, submitWaitMs);
}

/** The same driver over GraphQL over WebSocket (graphql-ws): one persistent connection, no HTTP request per call. */
export function graphqlWsDriver(endpoint: string, waitMode: WaitMode, submitWaitMs?: number): Driver {
  return driverOn(new WsGraphQLClient(endpoint), 'graphql-ws', waitMode, submitWaitMs);
}

/** What a driver needs of a GraphQL client: GraphQLClient (HTTP and SSE) and WsGraphQLClient both are one. */
type GraphQLRequester = Pick<GraphQLClient, 'request' | 'subscribe'> & { close?(): Promise<void> };

function driverOn(client: GraphQLRequester, label: string, waitMode: WaitMode, submitWaitMs: number | undefined): Driver {
  async function waitSse(id: string, signal?: AbortSignal): Promise<FinalBatch> {
    // A subscription opened after the submit may first answer with an already-done snapshot: that is correct.
    type P = { batchProgress: { done: boolean; status: string; total: number; counts: CountsResponse } };
    for await (const data of client.subscribe<P>(PROGRESS, { id }, signal)) {
      if (data.batchProgress.done) return toFinal(id, data.batchProgress);
    }
    throw new Error(`batchProgress(${id}) stream ended without a done snapshot`);
  }

  async function waitPoll(id: string, wait: Extract<WaitMode, { mode: 'poll' }>, signal?: AbortSignal): Promise<FinalBatch> {
    type B = { batch: { status: string; total: number; counts: CountsResponse } | null };
    const t0 = performance.now();
    for (;;) {
      signal?.throwIfAborted();
      const { batch } = await client.request<B>(BATCH_STATUS, { id }, signal);
      if (!batch) throw new Error(`batch(${id}) returned null`);
      if (TERMINAL_BATCH.has(batch.status)) return toFinal(id, batch);
      const pause = 'pollMs' in wait ? wait.pollMs : Math.min(wait.maxMs, (performance.now() - t0) * wait.fraction);
      if (pause >= 0.5) await new Promise((r) => setTimeout(r, pause));
    }
  }

  return {
    kind: 'graphql',
    name: submitWaitMs === undefined ? label : `${label} waitMs ${submitWaitMs}`,
    async submit({ task, tag, items, strategy }) {
      type B = { id: string; status?: string; total?: number; counts?: CountsResponse };
      type R = { submitBatch: { __typename: string; batch?: B; message?: string; max?: number } & Record<string, unknown> };
      const input = { task, tag, items, ...(strategy ? { strategy } : {}), ...(submitWaitMs === undefined ? {} : { waitMs: submitWaitMs }) };
      const { submitBatch: r } = await client.request<R>(submitWaitMs === undefined ? SUBMIT : SUBMIT_AND_WAIT, { input });
      const b = r.batch;
      if (r.__typename === 'SubmitBatchSuccess' && b) {
        const done = b.status !== undefined && TERMINAL_BATCH.has(b.status);
        return { ok: true, id: b.id, ...(done ? { final: toFinal(b.id, b as Required<B>) } : {}) };
      }
      return {
        ok: false,
        message: `${r.__typename}: ${r.message ?? '(no message)'}`,
        ...(typeof r.max === 'number' ? { maxItems: r.max } : {}),
        detail: r,
      };
    },
    wait: (id, signal) => (waitMode.mode === 'sse' ? waitSse(id, signal) : waitPoll(id, waitMode, signal)),
    async inspect(id) {
      const { batch } = await client.request<{ batch: Record<string, unknown> | null }>(BATCH_DETAIL, { id });
      return batch;
    },
    async close() {
      await client.close?.();
    },
  };
}

/**
 * The floor under the graphql-ws figures: `count` trivial `{ __typename }` round trips on one warm connection, the
 * first half counted out as warm-up. Returns the rest's durations in ms.
 */
export async function graphqlWsRoundTripsMs(endpoint: string, count: number): Promise<number[]> {
  const client = new WsGraphQLClient(endpoint);
  try {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await client.request<{ __typename: string }>('{ __typename }');
      times.push(performance.now() - t0);
    }
    return times.slice(Math.floor(count / 2));
  } finally {
    await client.close();
  }
}

/** A trivial round trip (`{ __typename }`): the floor HTTP + GraphQL put under every latency figure. */
export async function graphqlRoundTripMs(endpoint: string): Promise<number> {
  const client = new GraphQLClient(endpoint);
  const t0 = performance.now();
  await client.request<{ __typename: string }>('{ __typename }');
  return performance.now() - t0;
}

// ---------------------------------------------------------------------------------------------- engine

export async function engineDriver(dbPath: string): Promise<Driver> {
  // Imported lazily so that a broken engine build costs the engine column only, not the GraphQL one.
  const { createEngine } = await import('@switchyard/engine');
  // No overload refusal here: the bench measures throughput, and its own process is what lags while it submits.
  const engine = await createEngine({ dbPath, logger: false, admission: { maxLoopDelayMs: 600_000 } });
  return {
    kind: 'engine',
    name: 'engine',
    async submit(request) {
      const r = engine.submitBatch(request);
      if (r.ok) return { ok: true, id: r.batch.id };
      return {
        ok: false,
        message: `${r.error.kind}: ${r.error.message}`,
        ...(r.error.kind === 'TOO_MANY_ITEMS' ? { maxItems: r.error.max } : {}),
        detail: r.error,
      };
    },
    async wait(id) {
      // Not abortable; a run that times out simply stops waiting (measure.ts), which costs nothing here.
      return toFinal(id, await engine.waitForBatch(id));
    },
    async inspect() {
      return null;
    },
    close: () => engine.close(),
  };
}
