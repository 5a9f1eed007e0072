/**
 * The concurrency sweep, driven through the product itself: `compareStrategies` with a `sweep` (one executor at
 * several concurrencies, run one after another on the server, each after its own warm-up), then `comparison(id)`
 * polled until it is no longer RUNNING. What comes back is the server's own measurement and its verdict.
 */
import { GraphQLClient } from './graphql-client.ts';
import { log, withDeadline } from './measure.ts';
import type { ExecutorKind } from './workloads.ts';

export interface SweepDefinition {
  readonly task: string;
  readonly executor: ExecutorKind;
  readonly concurrencies: readonly number[];
  readonly count: number;
  /** Each item waits this long (io.sleep). */
  readonly ms: number;
}

/** io.sleep, 1,000 × 50 ms, ASYNC at 1, 10, 100 and 1,000: concurrency 1 alone takes 50 s. */
export const SWEEP: SweepDefinition = { task: 'io.sleep', executor: 'ASYNC', concurrencies: [1, 10, 100, 1000], count: 1000, ms: 50 };
export const QUICK_SWEEP: SweepDefinition = { ...SWEEP, count: 50, ms: 20 };

export interface SweepRun {
  readonly executor: ExecutorKind;
  readonly concurrency: number;
  readonly status: string;
  readonly wallMs: number;
  readonly throughput: number;
  readonly speedup: number;
  readonly idealSpeedup: number;
  readonly efficiency: number;
  readonly errors: number;
  readonly cpuMs: number;
  readonly eventLoopP99Ms: number;
}

export interface SweepResult {
  readonly definition: SweepDefinition;
  readonly id?: string;
  readonly status?: string;
  readonly runs: readonly SweepRun[];
  readonly verdict?: string | null;
  /** From the compareStrategies request until the client saw the comparison finished (warm-ups included). */
  readonly clientMs?: number;
  readonly error?: string;
}

const COMPARE = /* GraphQL */ `
  mutation BenchCompare($input: CompareStrategiesInput!) {
    compareStrategies(input: $input) {
      __typename
      ... on CompareStrategiesSuccess { comparison { id } }
      ... on Error { message }
    }
  }`;

const COMPARISON = /* GraphQL */ `
  query BenchComparison($id: ID!) {
    comparison(id: $id) {
      id status error verdict
      runs { executor concurrency status wallMs throughput speedup idealSpeedup efficiency errors cpuMs eventLoopP99Ms }
    }
  }`;

const CANCEL = /* GraphQL */ `mutation BenchCancelComparison($id: ID!) { cancelComparison(id: $id) { id status } }`;

type Comparison = { id: string; status: string; error: string | null; verdict: string | null; runs: SweepRun[] };

const POLL_MS = 250;

export async function runSweep(endpoint: string, d: SweepDefinition, timeoutMs: number): Promise<SweepResult> {
  const client = new GraphQLClient(endpoint);
  const input = {
    task: d.task,
    name: `bench sweep: ${d.executor} at ${d.concurrencies.join(', ')}`,
    generate: { count: d.count, template: { ms: d.ms } },
    sweep: { executor: d.executor, concurrencies: d.concurrencies },
  };
  const t0 = performance.now();
  let id: string | undefined;
  try {
    return await withDeadline(timeoutMs, 'sweep', async (signal) => {
      type R = { compareStrategies: { __typename: string; comparison?: { id: string }; message?: string } };
      const { compareStrategies: r } = await client.request<R>(COMPARE, { input }, signal);
      if (!r.comparison) throw new Error(`compareStrategies refused: ${r.__typename}: ${r.message ?? JSON.stringify(r)}`);
      id = r.comparison.id;
      log(`sweep: comparison ${id} started (${d.count} × ${d.task} ${d.ms} ms, ${d.executor} at ${d.concurrencies.join(', ')})`);
      let seen = 0;
      for (;;) {
        const { comparison: c } = await client.request<{ comparison: Comparison | null }>(COMPARISON, { id }, signal);
        if (!c) throw new Error(`comparison(${id}) returned null`);
        for (const run of c.runs.slice(seen))
          log(`sweep: ${run.executor}×${run.concurrency} ${Math.round(run.wallMs)} ms, ${run.throughput.toFixed(1)} jobs/s`);
        seen = c.runs.length;
        if (c.status !== 'RUNNING') {
          return {
            definition: d,
            id: c.id,
            status: c.status,
            runs: c.runs,
            verdict: c.verdict,
            clientMs: performance.now() - t0,
            ...(c.error ? { error: c.error } : {}),
          };
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    });
  } catch (error) {
    // Given up on: stop it, so it does not load the server under the sections that follow.
    if (id) await client.request(CANCEL, { id }).catch(() => {});
    return { definition: d, ...(id ? { id } : {}), runs: [], error: error instanceof Error ? error.message : String(error) };
  }
}
