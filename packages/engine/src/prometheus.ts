import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Engine } from './engine.ts';
import { FastHistogram, type HistogramSeries } from './prometheus-histogram.ts';
import { BATCH_STATUSES, type BatchStatus } from './types.ts';

/** Seconds: from a millisecond (a no-op job's wait) to five minutes (a long queue), roughly ×2.5 apart. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Batches whose task is known, for the task label of their jobs; a batch is forgotten when it finishes. */
const MAX_REMEMBERED_BATCHES = 10_000;

export interface PrometheusMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** The exposition text, with the sampled gauges read at this moment. */
  metrics(): Promise<string>;
  /** Stops listening to the engine. */
  close(): void;
}

/**
 * The engine's figures in Prometheus form, on a registry of their own (two servers in one process do not clash).
 * The names and labels are a contract (README, issue 10); every label is bounded: lane (a handful), task (the
 * registry's names), status (closed enums). No batch or job id is ever a label.
 *
 * Counters and histograms are fed from the engine's events. Per finished job that is two Map lookups, one addition
 * and two bucket searches on typed arrays: prom-client's own `inc`/`observe` hash the label set on every call, even
 * through a `labels()` child (≈ 2 µs each, measured: bench/metrics-overhead.ts), so the counts are kept here and
 * handed to prom-client when it collects. Gauges are sampled from `engine.stats()` at scrape time, so between
 * scrapes they cost nothing.
 */
export function createPrometheusMetrics(engine: Engine): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  /** Finished jobs counted on the hot path, by lane, task and status; `exported` is what the Counter has been given. */
  const finishedCounts = new Map<string, { lane: string; task: string; status: string; count: number; exported: number }>();
  new Counter({
    name: 'switchyard_jobs_finished_total',
    help: 'Jobs that reached a terminal status (SUCCEEDED, FAILED, TIMED_OUT, CANCELLED) after running, by lane, task and status.',
    labelNames: ['lane', 'task', 'status'] as const,
    registers: [registry],
    collect() {
      for (const series of finishedCounts.values()) {
        if (series.count === series.exported) continue;
        this.labels(series.lane, series.task, series.status).inc(series.count - series.exported);
        series.exported = series.count;
      }
    },
  });
  const waitSeconds = new FastHistogram({
    name: 'switchyard_job_wait_seconds',
    help: 'Time a job waited in the queue before its last attempt started, by lane.',
    label: 'lane',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const runSeconds = new FastHistogram({
    name: 'switchyard_job_run_seconds',
    help: 'Run time of a job’s last attempt, by lane.',
    label: 'lane',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'switchyard_queue_depth',
    help: 'Jobs queued in the unfinished batches of each lane.',
    labelNames: ['lane'] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'switchyard_jobs_in_flight',
    help: 'Jobs running on each lane now.',
    labelNames: ['lane'] as const,
    registers: [registry],
  });
  const utilization = new Gauge({
    name: 'switchyard_lane_utilization',
    help: 'Busy threads (pools) or slots in use (queues) of each lane, 0..1.',
    labelNames: ['lane'] as const,
    registers: [registry],
  });
  const eventLoopDelay = new Gauge({
    name: 'switchyard_event_loop_delay_seconds',
    help: 'Event-loop delay of the main thread over the last sampled second, by quantile (1 is the maximum).',
    labelNames: ['quantile'] as const,
    registers: [registry],
  });
  const batches = new Counter({
    name: 'switchyard_batches_total',
    help: 'Batches that entered each status since the server started: QUEUED when submitted, RUNNING when started, then their end status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  for (const status of BATCH_STATUSES) batches.labels(status).inc(0);

  const byLane = new Map<string, { wait: HistogramSeries; run: HistogramSeries }>();
  const taskOfBatch = new Map<string, string>();

  const laneChildren = (lane: string) => {
    let children = byLane.get(lane);
    if (!children) byLane.set(lane, (children = { wait: waitSeconds.series(lane), run: runSeconds.series(lane) }));
    return children;
  };
  const taskOf = (batchId: string): string => {
    let task = taskOfBatch.get(batchId);
    if (task === undefined) {
      // A batch resumed after a restart was never announced as submitted: read it once.
      task = engine.getBatch(batchId)?.task ?? 'unknown';
      remember(batchId, task);
    }
    return task;
  };
  const remember = (batchId: string, task: string) => {
    if (taskOfBatch.size >= MAX_REMEMBERED_BATCHES) taskOfBatch.delete(taskOfBatch.keys().next().value!);
    taskOfBatch.set(batchId, task);
  };
  const countBatch = (status: BatchStatus) => batches.labels(status).inc();

  const offs = [
    engine.events.on('batch:submitted', (e) => {
      remember(e.batchId, e.task);
      countBatch('QUEUED');
    }),
    engine.events.on('batch:started', () => countBatch('RUNNING')),
    engine.events.on('batch:finished', (e) => {
      taskOfBatch.delete(e.batchId);
      countBatch(e.status);
    }),
    engine.events.on('job:finished', (e) => {
      const task = taskOf(e.batchId);
      const key = `${e.lane}\u0000${task}\u0000${e.status}`;
      let series = finishedCounts.get(key);
      if (!series) finishedCounts.set(key, (series = { lane: e.lane, task, status: e.status, count: 0, exported: 0 }));
      series.count++;
      const lane = laneChildren(e.lane);
      lane.wait.observe(e.waitMs / 1000);
      lane.run.observe(e.runMs / 1000);
    }),
  ];

  const sample = () => {
    const stats = engine.stats();
    for (const lane of stats.lanes) {
      queueDepth.labels(lane.lane).set(lane.queued);
      inFlight.labels(lane.lane).set(lane.inFlight);
      utilization.labels(lane.lane).set(lane.utilization);
    }
    eventLoopDelay.labels('0.5').set(stats.eventLoop.delayP50Ms / 1000);
    eventLoopDelay.labels('0.99').set(stats.eventLoop.delayP99Ms / 1000);
    eventLoopDelay.labels('1').set(stats.eventLoop.delayMaxMs / 1000);
  };

  return {
    registry,
    contentType: registry.contentType,
    metrics: () => {
      sample();
      return registry.metrics();
    },
    close: () => offs.forEach((off) => off()),
  };
}
