/**
 * What metrics cost (issue 10, "Tests and benchmarks"): the overhead workload through GraphQL on two servers started
 * the same way, one with the lane history persisted and `/metrics` scraped every second (the default server, as a
 * team would run it under Prometheus), one with neither (`SWITCHYARD_HISTORY=off`, nobody scraping). The two
 * alternate run by run, so both see the host in the same minutes; the figure is the ratio of the medians. The aim
 * is ≤ 5 %.
 *
 * A run is several overhead batches back to back, so that it lasts a few seconds and gets several scrapes (one
 * 10,000-job batch takes well under a second). The Prometheus collector listens to the engine's events on both
 * servers (it has no switch); its own cost per finished job is measured apart, in process, free of the host's noise.
 *
 *   npm run bench -- --only metrics [--quick] [--runs N]
 */
import { join } from 'node:path';
import { createEngine, createPrometheusMetrics } from '@switchyard/engine';
import { tempDir } from '../tests/helpers/temp.ts';
import { DEFAULT_WAIT, graphqlDriver, type Driver } from './drivers.ts';
import { log, runBatch, withDeadline } from './measure.ts';
import { startServer, type RunningServer } from './server.ts';
import { median } from './stats.ts';
import { WORKLOADS } from './workloads.ts';

const SCRAPE_EVERY_MS = 1_000;
/** Overhead batches per measured run. */
const BATCHES_PER_RUN = 4;
const AIM = 0.05;

type Mode = 'bare' | 'full';

export interface MetricsOverhead {
  /** Jobs per second of each run, by mode: `bare` without either, `full` with history persisted and scrapes. */
  readonly jobsPerSec: Record<Mode, number[]>;
  /** Scrapes answered during each `full` run, and the size of the last one. */
  readonly scrapes: number[];
  readonly scrapeBytes: number;
  readonly jobsPerRun: number;
  /** The collector's cost per finished job, ns (in process: emits with it listening minus emits without). */
  readonly collectorNsPerJob?: number;
  readonly error?: string;
}

export async function measureMetricsOverhead(
  repoRoot: string,
  options: { runs: number; quick: boolean; runTimeoutMs: number },
): Promise<MetricsOverhead> {
  const overhead = WORKLOADS.overhead;
  const count = options.quick ? overhead.quickCount : overhead.count;
  const result: { -readonly [K in keyof MetricsOverhead]: MetricsOverhead[K] } = {
    jobsPerSec: { bare: [], full: [] },
    scrapes: [],
    scrapeBytes: 0,
    jobsPerRun: count * BATCHES_PER_RUN,
  };
  const servers: Record<Mode, RunningServer | undefined> = { bare: undefined, full: undefined };
  try {
    result.collectorNsPerJob = await collectorNsPerJob(options.quick ? 200_000 : 1_000_000);
    log(`metrics: the collector costs ${result.collectorNsPerJob.toFixed(0)} ns per finished job (in process)`);
    // The overload guard measures the host's load, not what is compared here: on a busy shared host it would refuse
    // a run's batch. Both servers get the same, highest threshold.
    const env = { SWITCHYARD_MAX_LOOP_DELAY_MS: '600000' };
    servers.bare = await startServer({ repoRoot, env: { ...env, SWITCHYARD_HISTORY: 'off' } });
    servers.full = await startServer({ repoRoot, env });
    const drivers: Record<Mode, Driver> = {
      bare: graphqlDriver(servers.bare.graphqlUrl, DEFAULT_WAIT),
      full: graphqlDriver(servers.full.graphqlUrl, DEFAULT_WAIT),
    };
    const metricsUrl = new URL('metrics', servers.full.url).href;
    // Warm-up, unmeasured: JIT, statement caches, the first connection, the first scrape.
    for (const mode of ['bare', 'full'] as const) {
      await withDeadline(options.runTimeoutMs, `metrics ${mode} warm-up`, (signal) => runBatch(drivers[mode], overhead, count, signal));
    }
    result.scrapeBytes = (await scrape(metricsUrl)).length;
    for (let run = 0; run < options.runs; run++) {
      for (const mode of run % 2 === 0 ? (['bare', 'full'] as const) : (['full', 'bare'] as const)) {
        const scraper = mode === 'full' ? startScraper(metricsUrl) : undefined;
        try {
          const t0 = performance.now();
          for (let b = 0; b < BATCHES_PER_RUN; b++) {
            await withDeadline(options.runTimeoutMs, `metrics ${mode} overhead`, (signal) => runBatch(drivers[mode], overhead, count, signal));
          }
          result.jobsPerSec[mode].push(result.jobsPerRun / ((performance.now() - t0) / 1_000));
        } finally {
          const scraped = await scraper?.stop();
          if (scraped) {
            result.scrapes.push(scraped.scrapes);
            if (scraped.bytes) result.scrapeBytes = scraped.bytes;
          }
        }
        log(
          `metrics ${mode} run ${run + 1}: ${Math.round(result.jobsPerSec[mode].at(-1)!)} jobs/s` +
            (mode === 'full' ? ` (${result.scrapes.at(-1)} scrapes of /metrics)` : ''),
        );
      }
    }
    return result;
  } catch (error: unknown) {
    return { ...result, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await Promise.all([servers.bare?.stop(), servers.full?.stop()]);
  }
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return response.text();
}

/** Scrapes at once, then every second, as Prometheus would; a scrape still under way when the next is due is skipped. */
function startScraper(url: string): { stop: () => Promise<{ scrapes: number; bytes: number }> } {
  let scrapes = 0;
  let bytes = 0;
  let failure: Error | undefined;
  let inFlight: Promise<void> | undefined;
  const tick = () => {
    if (inFlight) return;
    inFlight = scrape(url).then(
      (text) => {
        scrapes++;
        bytes = text.length;
      },
      (error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(`scrape failed: ${JSON.stringify(error)}`);
      },
    );
    void inFlight.finally(() => (inFlight = undefined));
  };
  tick();
  const timer = setInterval(tick, SCRAPE_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      if (failure) throw failure;
      return { scrapes, bytes };
    },
  };
}

/**
 * The collector's own cost per finished job: `job:finished` events emitted straight into an engine's bus with the
 * collector listening, minus the same emits with nobody listening (medians of three).
 */
async function collectorNsPerJob(events: number): Promise<number> {
  const dir = tempDir('switchyard-bench-metrics-');
  const engine = await createEngine({ dbPath: join(dir.path, 'bench.db'), logger: false, threads: 1, persistHistory: false });
  try {
    const submitted = engine.submitBatch({ task: 'noop', items: [{}] });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const batchId = submitted.batch.id;
    await engine.waitForBatch(batchId);
    const emitAll = () => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < events; i++) {
        engine.events.emit('job:finished', { batchId, jobId: String(i), status: 'SUCCEEDED', lane: 'io', waitMs: i % 50, runMs: i % 7 });
      }
      return Number(process.hrtime.bigint() - t0) / events;
    };
    const bare = median([emitAll(), emitAll(), emitAll()]);
    const metrics = createPrometheusMetrics(engine);
    try {
      return median([emitAll(), emitAll(), emitAll()]) - bare;
    } finally {
      metrics.close();
    }
  } finally {
    await engine.close(5_000);
    dir.remove();
  }
}

export function metricsOverheadSection(m: MetricsOverhead): string {
  const f = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
  const span = (xs: number[]) => (xs.length ? `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})` : '—');
  const ratio = m.jobsPerSec.bare.length && m.jobsPerSec.full.length ? median(m.jobsPerSec.full) / median(m.jobsPerSec.bare) : Number.NaN;
  const slower = 1 - ratio;
  const met = Number.isFinite(ratio) ? (slower <= AIM ? 'yes' : 'no') : '—';
  const runs = Math.min(m.jobsPerSec.bare.length, m.jobsPerSec.full.length);
  return [
    '## The cost of metrics: lane history persisted and /metrics scraped every second',
    '',
    '| figure | without either (`SWITCHYARD_HISTORY=off`, no scrapes) | with both (history persisted, `/metrics` every 1 s) | with ÷ without | aim | met? |',
    '|---|---|---|---|---|---|',
    `| overhead, jobs/s (median, min–max) | ${span(m.jobsPerSec.bare)} | ${span(m.jobsPerSec.full)} | ${Number.isFinite(ratio) ? `${ratio.toFixed(3)} (${Math.abs(slower * 100).toFixed(1)} % ${slower >= 0 ? 'slower' : 'faster'})` : '—'} | ≤ 5 % slower | ${met} |`,
    '',
    `- ${BATCHES_PER_RUN} overhead batches (${f(m.jobsPerRun / BATCHES_PER_RUN)} × noop, tag IO) back to back per run, through GraphQL, on two servers started the same way; median of ${runs} run(s) each, the two alternating run by run (after one unmeasured batch each).`,
    `- Scrapes per run with both: ${m.scrapes.length ? m.scrapes.join(', ') : '—'}; ${f(m.scrapeBytes)} bytes each. The Prometheus collector listens on both servers; its own cost, measured in process: ${m.collectorNsPerJob === undefined ? '—' : `${m.collectorNsPerJob.toFixed(0)} ns per finished job`}.`,
    ...(runs > 0
      ? [
          `- ${overlap(m.jobsPerSec.bare, m.jobsPerSec.full) ? "The two ranges overlap: the difference is within this host's noise." : 'The two ranges do not overlap.'}`,
        ]
      : []),
    ...(m.error ? ['', `Failed: ${m.error}`] : []),
    '',
  ].join('\n');
}

const overlap = (a: number[], b: number[]) => Math.max(...a) >= Math.min(...b) && Math.max(...b) >= Math.min(...a);
