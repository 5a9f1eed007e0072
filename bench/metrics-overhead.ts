/**
 * The cost of /metrics on the hot path: the overhead workload (10,000 no-op jobs, in-process, routed by the table)
 * with the Prometheus collector attached and scraped every second, as a ratio to the same run without it. Runs
 * alternate (without, with, without, with …) so both see the same minutes of a shared host; the figure is the ratio
 * of the medians. Issue 10 aims at ≤ 5 %.
 *
 *   node --import tsx bench/metrics-overhead.ts [--runs N] [--count N]
 *
 * Persisted metric buckets (issue 10 §2) are not built yet, so "with" is the collector and its scrapes only.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, createPrometheusMetrics, type Engine } from '@switchyard/engine';
import { tempDir } from '../tests/helpers/temp.ts';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, count: { type: 'string', default: '10000' } } });
const RUNS = Number(values.runs);
const COUNT = Number(values.count);
const SCRAPE_EVERY_MS = 1_000;

async function jobsPerSec(engine: Engine): Promise<number> {
  const t0 = performance.now();
  const submitted = engine.submitBatch({ task: 'noop', tag: 'IO', items: Array.from({ length: COUNT }, () => ({})) });
  if (!submitted.ok) throw new Error(submitted.error.message);
  const batch = await engine.waitForBatch(submitted.batch.id);
  if (batch.counts.succeeded !== COUNT) throw new Error(`only ${batch.counts.succeeded} of ${COUNT} succeeded`);
  return COUNT / ((performance.now() - t0) / 1000);
}

async function run(withMetrics: boolean): Promise<{ rate: number; scrapes: number; bytes: number }> {
  const dir = tempDir('switchyard-bench-metrics-');
  const engine = await createEngine({ dbPath: join(dir.path, 'bench.db'), logger: false });
  let scrapes = 0;
  let bytes = 0;
  const metrics = withMetrics ? createPrometheusMetrics(engine) : undefined;
  const scraper = metrics
    ? setInterval(() => {
        void metrics.metrics().then((text) => {
          scrapes++;
          bytes = text.length;
        });
      }, SCRAPE_EVERY_MS)
    : undefined;
  try {
    await jobsPerSec(engine); // warm-up: JIT, the first statements prepared
    if (metrics) bytes = (await metrics.metrics()).length;
    return { rate: await jobsPerSec(engine), scrapes, bytes };
  } finally {
    clearInterval(scraper);
    metrics?.close();
    await engine.close(5_000);
    dir.remove();
  }
}

/**
 * The collector's own cost per finished job, free of the host's noise: `job:finished` events emitted straight into
 * the engine's bus with the collector listening, minus the same emits with nobody listening.
 */
async function perJobNs(events = 1_000_000): Promise<number> {
  const dir = tempDir('switchyard-bench-metrics-');
  const engine = await createEngine({ dbPath: join(dir.path, 'bench.db'), logger: false, threads: 1 });
  try {
    const submitted = engine.submitBatch({ task: 'noop', items: [{}] });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const batchId = submitted.batch.id;
    const emitAll = () => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < events; i++) {
        engine.events.emit('job:finished', { batchId, jobId: String(i), status: 'SUCCEEDED', lane: 'io', waitMs: i % 50, runMs: i % 7 });
      }
      return Number(process.hrtime.bigint() - t0) / events;
    };
    const bare = median([emitAll(), emitAll(), emitAll()]);
    const metrics = createPrometheusMetrics(engine);
    const withCollector = median([emitAll(), emitAll(), emitAll()]);
    metrics.close();
    return withCollector - bare;
  } finally {
    await engine.close(5_000);
    dir.remove();
  }
}

console.log(`collector cost: ${(await perJobNs()).toFixed(0)} ns per finished job (two Map lookups, a count, two bucket searches)`);

const without: number[] = [];
const withIt: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const a = await run(false);
  const b = await run(true);
  without.push(a.rate);
  withIt.push(b.rate);
  console.log(
    `run ${i + 1}/${RUNS}: without ${a.rate.toFixed(0)} jobs/s, with /metrics ${b.rate.toFixed(0)} jobs/s (${b.scrapes} scrapes, ${b.bytes} bytes each)`,
  );
}
const ratio = median(withIt) / median(without);
console.log(
  `overhead workload, ${COUNT} no-op jobs: median ${median(without).toFixed(0)} jobs/s without, ${median(withIt).toFixed(0)} with /metrics scraped every second: ` +
    `${(ratio * 100).toFixed(1)} % (${((1 - ratio) * 100).toFixed(1)} % slower; aim ≤ 5 %)`,
);
