import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/api-server.ts';
import { gql } from '../helpers/graphql.ts';

const SUBMIT = `mutation($input: SubmitBatchInput!) { submitBatch(input: $input) {
  __typename ... on SubmitBatchSuccess { batch { id status } } ... on Error { message } } }`;

/** The labels a series may carry: every one of them bounded (no batch or job ids). */
const ALLOWED_LABELS = new Set(['lane', 'task', 'status', 'quantile', 'le', 'type', 'space', 'kind', 'version', 'major', 'minor', 'patch']);

async function submitAndWait(server: TestServer, input: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const answer = await gql<{ submitBatch: { __typename: string; batch?: { id: string; status: string }; message?: string } }>(
    server.server.url,
    SUBMIT,
    {
      input: { ...input, waitMs: 30_000 },
    },
  );
  const result = answer.data?.submitBatch;
  if (result?.__typename !== 'SubmitBatchSuccess') throw new Error(`submission refused: ${JSON.stringify(answer)}`);
  return result.batch!;
}

interface Scrape {
  readonly status: number;
  readonly type: string | null;
  readonly families: Map<string, PrometheusFamily>;
  /**
   * The same text with the histograms' TYPE lines left out, so their `_bucket`, `_sum` and `_count` lines parse as
   * plain labelled series: parse-prometheus-text-format folds a histogram's samples into one and drops every label
   * but `le` (it handles only unlabelled histograms), which would hide the `lane` label under test.
   */
  readonly histogramSeries: Map<string, PrometheusFamily>;
}

/** Families by name; untyped, one name can come back as several runs of lines, merged here. */
function byName(families: PrometheusFamily[]): Map<string, PrometheusFamily> {
  const merged = new Map<string, PrometheusFamily>();
  for (const f of families) {
    const seen = merged.get(f.name);
    merged.set(f.name, seen ? { ...seen, metrics: [...seen.metrics, ...f.metrics] } : f);
  }
  return merged;
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(`${server.server.url}metrics`, { headers });
  const text = await response.text();
  if (!response.ok) return { status: response.status, type: response.headers.get('content-type'), families: new Map(), histogramSeries: new Map() };
  const untypedHistograms = text
    .split('\n')
    .filter((line) => !/^# TYPE \S+ histogram$/.test(line))
    .join('\n');
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    families: byName(parsePrometheusTextFormat(text)),
    histogramSeries: byName(parsePrometheusTextFormat(untypedHistograms)),
  };
}

function family(families: Map<string, PrometheusFamily>, name: string, type: PrometheusFamily['type']): PrometheusFamily {
  const found = families.get(name);
  expect(found, `${name} is exposed`).toBeDefined();
  expect(found!.type, `${name} is a ${type}`).toBe(type);
  return found!;
}

const sample = (f: PrometheusFamily, labels: Record<string, string>) =>
  f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

describe('GET /metrics', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  // One server for both concerns (each start costs seconds on a loaded machine): the token is set, and every scrape
  // of the contract brings it.
  it('exposes the contract names in the Prometheus text format, fed by real batches, to a scrape with the token only', async () => {
    const token = 'scrape-token-0123456789abcdef';
    server = await startTestServer({ metricsToken: token });
    const bearer = { authorization: `Bearer ${token}` };
    expect((await scrape(server)).status).toBe(401);
    expect((await scrape(server, { authorization: 'Bearer wrong-token-0123456789abcdef' })).status).toBe(401);
    const post = await fetch(`${server.server.url}metrics`, { method: 'POST', headers: bearer });
    expect(post.status).toBe(405);
    await post.body?.cancel();

    const ok = await submitAndWait(server, { task: 'noop', tag: 'IO', items: [{}, {}, {}, {}, {}] });
    const failed = await submitAndWait(server, { task: 'test.broken', items: [{ message: 'boom' }, { message: 'boom' }], maxAttempts: 1 });
    expect([ok.status, failed.status]).toEqual(['SUCCEEDED', 'FAILED']);

    const { status, type, families, histogramSeries } = await scrape(server, bearer);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);

    const finished = family(families, 'switchyard_jobs_finished_total', 'COUNTER');
    expect(sample(finished, { lane: 'io', task: 'noop', status: 'SUCCEEDED' })?.value).toBe('5');
    expect(sample(finished, { lane: 'cpu', task: 'test.broken', status: 'FAILED' })?.value).toBe('2');

    for (const name of ['switchyard_job_wait_seconds', 'switchyard_job_run_seconds']) {
      family(families, name, 'HISTOGRAM');
      const count = family(histogramSeries, `${name}_count`, 'UNTYPED');
      const sum = family(histogramSeries, `${name}_sum`, 'UNTYPED');
      const buckets = family(histogramSeries, `${name}_bucket`, 'UNTYPED');
      expect(sample(count, { lane: 'io' })?.value, `${name}_count{lane="io"}`).toBe('5');
      expect(sample(count, { lane: 'cpu' })?.value, `${name}_count{lane="cpu"}`).toBe('2');
      expect(Number(sample(sum, { lane: 'io' })?.value)).toBeGreaterThanOrEqual(0);
      expect(sample(buckets, { lane: 'io', le: '+Inf' })?.value).toBe('5');
      // Cumulative buckets never decrease.
      const io = buckets.metrics.filter((m) => m.labels?.lane === 'io').map((m) => Number(m.value));
      expect(io).toEqual([...io].sort((a, b) => a - b));
    }

    for (const name of ['switchyard_queue_depth', 'switchyard_jobs_in_flight', 'switchyard_lane_utilization']) {
      const gauge = family(families, name, 'GAUGE');
      const lanes = gauge.metrics.map((m) => m.labels?.lane).sort();
      expect(lanes, `${name} has one series per lane`).toEqual(['background', 'cpu', 'io', 'processes', 'sequential']);
      // Both batches have finished: nothing waits or runs.
      if (name !== 'switchyard_lane_utilization') for (const m of gauge.metrics) expect(m.value).toBe('0');
    }

    const loop = family(families, 'switchyard_event_loop_delay_seconds', 'GAUGE');
    expect(loop.metrics.map((m) => m.labels?.quantile).sort()).toEqual(['0.5', '0.99', '1']);
    for (const m of loop.metrics) expect(Number(m.value)).toBeGreaterThanOrEqual(0);

    const batches = family(families, 'switchyard_batches_total', 'COUNTER');
    expect(sample(batches, { status: 'QUEUED' })?.value).toBe('2');
    expect(sample(batches, { status: 'SUCCEEDED' })?.value).toBe('1');
    expect(sample(batches, { status: 'FAILED' })?.value).toBe('1');
    expect(sample(batches, { status: 'CANCELLED' })?.value).toBe('0');

    // The default Node process metrics.
    family(families, 'process_cpu_user_seconds_total', 'COUNTER');
    family(families, 'nodejs_heap_size_used_bytes', 'GAUGE');
    family(families, 'nodejs_eventloop_lag_seconds', 'GAUGE');

    // Bounded cardinality: no label outside the known, bounded set (no batch or job id).
    for (const f of [...families.values(), ...histogramSeries.values()]) {
      for (const m of f.metrics) for (const label of Object.keys(m.labels ?? {})) expect(ALLOWED_LABELS, `${f.name}{${label}}`).toContain(label);
    }
  });
});
