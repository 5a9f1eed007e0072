/**
 * `npm run bench` — the four standard workloads (bench/workloads.ts, from WORKLOADS.md) through Switchyard's
 * front door (GraphQL over HTTP against a real server process) and, for reference, through the engine
 * in-process; then, through GraphQL, the sections of issue 4 §6: every executor on the standard workloads,
 * a concurrency sweep (compareStrategies), data batches, and latency with submitBatch's waitMs. Prints one
 * report, writes the same to bench/RESULTS.md and the raw per-run numbers to bench/raw/ (gitignored).
 *
 *   npm run bench                      # full run: 5 measured runs per workload (3 per section), about 3–4 minutes
 *   npm run bench -- --quick           # smoke test: 1 run each, smaller counts (RESULTS.md untouched)
 *   npm run bench -- --only cpu,io     # some workloads only (RESULTS.md untouched unless --write)
 *   npm run bench -- --only executors  # one section (executors, sweep, data, auth, metrics, remote); with cpu/io/overhead listed
 *                                      # too, the executor section covers just those workloads
 *   options: --runs N, --wait poll|poll:<ms>|sse, --no-engine, --write, --run-timeout SECONDS
 *
 * Modules: workloads.ts (the definitions, as data), server.ts (spawn/stop the API), graphql-client.ts,
 * drivers.ts (GraphQL vs in-process engine behind one interface), measure.ts (warm-up, runs, timing),
 * limits.ts (the machine's limits, measured in the same run), stats.ts, report.ts (table and notes),
 * experiments.ts (the sections' definitions and runs), compare.ts (the sweep), report-sections.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_WAIT,
  describeWait,
  engineDriver,
  graphqlDriver,
  graphqlRoundTripMs,
  graphqlWsDriver,
  graphqlWsRoundTripsMs,
  type Driver,
  type WaitMode,
} from './drivers.ts';
import { QUICK_SWEEP, runSweep, SWEEP, type SweepResult } from './compare.ts';
import {
  MATRIX_WORKLOADS,
  measureDataBatches,
  measureExecutors,
  SECTION_NAMES,
  SECTION_RUNS,
  type CaseResult,
  type DataResult,
  type SectionName,
} from './experiments.ts';
import { cores, pbkdf2SampleMs, pQueueNoopJobsPerSec, rawPbkdf2JobsPerSec } from './limits.ts';
import { log, measure, subscriptionLatency, withDeadline, type MeasureOptions, type Series } from './measure.ts';
import { fmtMs, fmtRate } from './format.ts';
import { buildReport, type Limits, type Machine, type ReportOptions, type Results } from './report.ts';
import { dataSection, executorsSection, sweepSection, waitMsSection } from './report-sections.ts';
import { measureRemote, remoteSection, type RemoteResult } from './remote.ts';
import { startServer, type RunningServer } from './server.ts';
import { median, percentile } from './stats.ts';
import { WORKLOADS, WORKLOAD_NAMES, type WorkloadName } from './workloads.ts';
import { authCostSection, measureAuthCost, type AuthCost } from './auth-cost.ts';
import { measureMetricsOverhead, metricsOverheadSection, type MetricsOverhead } from './metrics-overhead.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(BENCH_DIR, '..');

// ------------------------------------------------------------------------------------------------ options

interface Options extends MeasureOptions, ReportOptions {
  /** Overwrite bench/RESULTS.md (default: only for a full run). */
  readonly write: boolean;
  readonly sections: readonly SectionName[];
}

/** Latency with submitBatch's waitMs: the API's maximum, so every one-job batch is answered finished. */
const SUBMIT_WAIT_MS = 30_000;

const USAGE =
  'usage: npm run bench -- [--quick] [--only cpu,io,overhead,latency,executors,sweep,data,auth,metrics,remote] [--runs N] [--wait sse|poll[:ms]] [--no-engine] [--write] [--run-timeout SECONDS]';

function parseArgs(argv: readonly string[]): Options {
  let quick = false;
  let only: WorkloadName[] = [...WORKLOAD_NAMES];
  let sections: SectionName[] = [...SECTION_NAMES];
  let runs: number | undefined;
  // Default: adaptive polling of batch(id) (see WaitMode in drivers.ts for why, and for the subscription).
  let wait: WaitMode = DEFAULT_WAIT;
  let engine = true;
  let write: boolean | undefined;
  let runTimeoutMs = 120_000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--only': {
        const names = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const known = (n: string) => WORKLOAD_NAMES.includes(n as WorkloadName) || SECTION_NAMES.includes(n as SectionName);
        for (const n of names) if (!known(n)) fail(`unknown workload or section "${n}"`);
        only = WORKLOAD_NAMES.filter((n) => names.includes(n));
        sections = SECTION_NAMES.filter((n) => names.includes(n));
        break;
      }
      case '--runs':
        runs = Number(value());
        if (!Number.isInteger(runs) || runs < 1) fail('--runs must be a positive integer');
        break;
      case '--wait': {
        const v = value();
        const m = /^(sse|poll)(?::(\d+(?:\.\d+)?))?$/.exec(v);
        if (!m) fail(`--wait must be sse, poll or poll:<ms>, got "${v}"`);
        wait = m[1] === 'sse' ? { mode: 'sse' } : m[2] === undefined ? DEFAULT_WAIT : { mode: 'poll', pollMs: Number(m[2]) };
        break;
      }
      case '--no-engine':
        engine = false;
        break;
      case '--write':
        write = true;
        break;
      case '--run-timeout':
        runTimeoutMs = Number(value()) * 1000;
        if (!(runTimeoutMs > 0)) fail('--run-timeout must be a positive number of seconds');
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        return process.exit(0);
      default:
        fail(`unknown argument "${arg}"`);
    }
  }
  // WORKLOADS.md asks for medians of at least 3 runs; 5 because the host is shared and noisy, and the
  // whole default run still takes 1–2 minutes.
  runs ??= quick ? 1 : 5;
  const partial = quick || only.length < WORKLOAD_NAMES.length || sections.length < SECTION_NAMES.length || runs < 3;
  return {
    quick,
    only,
    sections,
    runs,
    wait,
    engine,
    // A smoke test or a subset must not overwrite the committed full results by accident.
    write: write ?? !partial,
    runTimeoutMs,
    argv,
  };
}

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const t0 = performance.now();
  const cpuInfo = os.cpus();
  const machine: Machine = {
    cpuModel: cpuInfo[0]?.model.trim() ?? 'unknown',
    cpuCount: cpuInfo.length,
    availableParallelism: cores(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    // The host is shared: how busy it was around the run says how far to trust the absolute figures.
    loadAvgStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    loadAvgEnd: [],
  };
  // The executor section covers the matrix workloads named in --only, or all of them if none is.
  const named = MATRIX_WORKLOADS.filter((n) => options.only.includes(n));
  const matrix = options.sections.includes('executors') ? (named.length ? named : MATRIX_WORKLOADS) : [];
  log(
    `${machine.cpuModel} × ${machine.cpuCount}, node ${process.version}; workloads ${options.only.join(', ') || '—'}; ` +
      `sections ${options.sections.join(', ') || '—'}; ${options.runs} run(s) each${options.quick ? ' (quick)' : ''}; wait: ${describeWait(options.wait)}`,
  );

  const limits: Limits = { cores: cores(), pbkdf2SamplesMs: [] };
  const results: Results = {};
  let executors: CaseResult[] | undefined;
  let sweep: SweepResult | undefined;
  let data: DataResult | undefined;
  let auth: AuthCost | undefined;
  let metrics: MetricsOverhead | undefined;
  let remote: RemoteResult | undefined;
  const fatal: string[] = [];
  let server: RunningServer | undefined;
  let graphql: Driver | undefined;
  let engine: Driver | undefined;
  const engineDir = mkdtempSync(join(os.tmpdir(), 'switchyard-bench-engine-'));

  // Ctrl-C or a CI timeout: still stop the server we started.
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    void (server?.stop() ?? Promise.resolve()).finally(() => {
      rmSync(engineDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // Limits first, before the server and the engine exist (and so cannot compete with them).
    if (options.only.includes('cpu') || matrix.includes('cpu')) {
      limits.pbkdf2SamplesMs.push(...pbkdf2SampleMs(5));
      log(`cpu limit: pbkdf2Sync ${fmtMs(median(limits.pbkdf2SamplesMs))} ms a job (sampled again before every round of cpu runs)`);
      limits.rawPbkdf2JobsPerSec = [];
    }
    if (options.only.includes('overhead') || matrix.includes('overhead')) {
      limits.pQueueJobsPerSec = await pQueueNoopJobsPerSec(options.quick ? WORKLOADS.overhead.quickCount : WORKLOADS.overhead.count);
      if (limits.pQueueJobsPerSec) log(`overhead limit: p-queue ${fmtRate(limits.pQueueJobsPerSec)} no-op jobs/s`);
    }

    try {
      log('starting the API server');
      server = await startServer({ repoRoot: REPO_ROOT });
      log(`server pid ${server.pid} at ${server.graphqlUrl}`);
      graphql = graphqlDriver(server.graphqlUrl, options.wait);
    } catch (error) {
      fatal.push(`API server: ${error instanceof Error ? error.message : String(error)}`);
      log(`API server unavailable: ${fatal.at(-1)}`);
    }
    if (options.engine && options.only.length > 0) {
      try {
        engine = await engineDriver(join(engineDir, 'engine.db'));
      } catch (error) {
        fatal.push(`engine in-process: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        log(`engine unavailable: ${fatal.at(-1)}`);
      }
    }

    // Per workload: GraphQL and in-process runs alternate (measure.ts), so both see the host in the same minutes.
    const drivers = [graphql, engine].filter((d): d is Driver => d !== undefined);
    for (const name of options.only) {
      const w = WORKLOADS[name];
      // cpu: the limit is sampled before every round of runs, never during one (it would compete with the
      // workers): a few single-job times, and the whole workload on raw Node.
      const beforeEachRun =
        name === 'cpu'
          ? async () => {
              limits.pbkdf2SamplesMs.push(...pbkdf2SampleMs(3));
              limits.rawPbkdf2JobsPerSec!.push(await rawPbkdf2JobsPerSec(options.quick ? w.quickCount : w.count));
            }
          : undefined;
      // latency: also through submitBatch's waitMs (one round trip), alternating with the polling runs.
      const waiting = name === 'latency' && server ? graphqlDriver(server.graphqlUrl, options.wait, SUBMIT_WAIT_MS) : undefined;
      // …and the same over GraphQL over WebSocket (graphql-ws): one persistent connection, no HTTP per call.
      const wsWaiting = name === 'latency' && server ? graphqlWsDriver(server.graphqlUrl, options.wait, SUBMIT_WAIT_MS) : undefined;
      const all = [...drivers, ...(waiting ? [waiting] : []), ...(wsWaiting ? [wsWaiting] : [])];
      const series = await measure(
        all.map((driver) => ({ driver, spec: w })),
        options,
        beforeEachRun,
      );
      const of = (d: Driver | undefined) => (d ? series[all.indexOf(d)] : undefined);
      results[name] = { graphql: of(graphql), engine: of(engine), graphqlWaitMs: of(waiting), graphqlWsWaitMs: of(wsWaiting) };
      await wsWaiting?.close();
      const g = results[name].graphql;
      if (g && (name === 'latency' || name === 'cpu') && options.wait.mode !== 'sse' && server) {
        g.extras.viaSubscription = await subscriptionLatency(server.graphqlUrl, w, options);
      }
    }

    // The sections of issue 4 §6, through the front door only (the engine column is the standard table's).
    if (graphql && matrix.length) {
      const cpuRound = () => void limits.pbkdf2SamplesMs.push(...pbkdf2SampleMs(3));
      executors = await measureExecutors(graphql, matrix, (name) => results[name]?.graphql, options, cpuRound);
    }
    if (server && options.sections.includes('sweep')) {
      sweep = await runSweep(server.graphqlUrl, options.quick ? QUICK_SWEEP : SWEEP, Math.max(options.runTimeoutMs, 180_000));
      log(sweep.error ? `sweep: FAILED: ${sweep.error}` : `sweep verdict: ${sweep.verdict}`);
    }
    if (graphql && options.sections.includes('data')) data = await measureDataBatches(graphql, options);
    // Two servers of its own (open and auth required), after the main server's runs.
    if (options.sections.includes('auth'))
      auth = await measureAuthCost(REPO_ROOT, {
        runs: Math.min(options.runs, SECTION_RUNS),
        quick: options.quick,
        runTimeoutMs: options.runTimeoutMs,
      });

    // Persisted history and /metrics scrapes against neither: two servers of its own, the overhead workload (bench/metrics-overhead.ts).
    if (options.sections.includes('metrics')) {
      metrics = await measureMetricsOverhead(REPO_ROOT, { runs: options.runs, quick: options.quick, runTimeoutMs: options.runTimeoutMs });
    }

    // The remote lane: in process, with its own Redis and worker processes (bench/remote.ts).
    if (options.sections.includes('remote')) remote = await measureRemote(options.quick);

    // The floor under every GraphQL figure, taken last so that the server and the connection are warm.
    if (server) {
      const rtts: number[] = [];
      for (let i = 0; i < 200; i++) rtts.push(await graphqlRoundTripMs(server.graphqlUrl));
      limits.graphqlRoundTripP50Ms = median(rtts.slice(100));
      limits.graphqlRoundTripP99Ms = percentile(rtts.slice(100), 99);
      // The same floor over graphql-ws, on one warm connection.
      const wsRtts = await graphqlWsRoundTripsMs(server.graphqlUrl, 2_000);
      limits.graphqlWsRoundTripMs = { p50: percentile(wsRtts, 50), p99: percentile(wsRtts, 99) };
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (engine) await withDeadline(15_000, 'engine.close()', () => engine!.close()).catch((e: Error) => log(e.message));
    if (server) {
      const output = server.output();
      await server.stop();
      log(`server stopped`);
      if (fatal.length || Object.values(results).some((r) => r.graphql?.error)) {
        log(`last server output:\n${output.split('\n').slice(-30).join('\n')}`);
      }
    }
    rmSync(engineDir, { recursive: true, force: true });
  }

  if (limits.pbkdf2SamplesMs.length) {
    // p10, not the median: contention only adds time, and a limit inflated by it would flatter every ratio.
    // (How much the host's contention costs the runs shows in the ratio to raw Node, measured alongside.)
    limits.pbkdf2SingleJobMs = percentile(limits.pbkdf2SamplesMs, 10);
    limits.cpuJobsPerSec = limits.cores / (limits.pbkdf2SingleJobMs / 1000);
    const rawRates = limits.rawPbkdf2JobsPerSec ?? [];
    log(
      `cpu limit: pbkdf2Sync p10 ${fmtMs(limits.pbkdf2SingleJobMs)} ms over ${limits.pbkdf2SamplesMs.length} samples → ${fmtRate(limits.cpuJobsPerSec)} jobs/s` +
        (rawRates.length ? `; raw Node: ${rawRates.map(fmtRate).join(', ')} jobs/s` : ''),
    );
  }
  machine.loadAvgEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const elapsedSec = (performance.now() - t0) / 1000;
  const sections = [
    executors && executorsSection(executors, limits, options),
    sweep && sweepSection(sweep),
    data && dataSection(data, options.quick),
    auth && authCostSection(auth),
    metrics && metricsOverheadSection(metrics),
    results.latency?.graphqlWaitMs && waitMsSection(results.latency, SUBMIT_WAIT_MS, limits),
    remote && remoteSection(remote),
  ].filter((x): x is string => Boolean(x));
  const report = buildReport(options, machine, limits, results, fatal, startedAt, elapsedSec, sections);
  process.stdout.write(`\n${report.markdown}`);

  const rawDir = join(BENCH_DIR, 'raw');
  mkdirSync(rawDir, { recursive: true });
  const rawFile = join(rawDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const raw = {
    startedAt,
    elapsedSec,
    machine,
    node: process.version,
    options,
    limits,
    results,
    executors,
    sweep,
    data,
    auth,
    metrics,
    remote,
    fatal,
  };
  writeFileSync(rawFile, JSON.stringify(raw, null, 2));
  log(`raw numbers: ${rawFile}`);
  if (options.write) {
    const results = join(BENCH_DIR, 'RESULTS.md');
    writeFileSync(results, withKeptNotes(report.markdown, existsSync(results) ? readFileSync(results, 'utf8') : ''));
    log('wrote bench/RESULTS.md');
  } else {
    log('bench/RESULTS.md left as is (partial run; pass --write to overwrite)');
  }

  const failed = (s: Series | undefined) => Boolean(s?.error);
  const anyError =
    fatal.length > 0 ||
    Object.values(results).some((r) => failed(r.graphql) || failed(r.engine) || failed(r.graphqlWaitMs) || failed(r.graphqlWsWaitMs)) ||
    Boolean(
      executors?.some((c) => failed(c.series)) ||
      sweep?.error ||
      failed(data?.routed) ||
      failed(data?.forced) ||
      failed(data?.onePerMessage) ||
      failed(data?.ruleRouted) ||
      failed(data?.ruleSequential) ||
      auth?.error ||
      metrics?.error ||
      remote?.error,
    );
  return anyError ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

const KEPT_START = '<!-- kept by npm run bench: start -->';
const KEPT_END = '<!-- kept by npm run bench: end -->';

/**
 * RESULTS.md is rewritten by every full run; a block of notes written by hand between the two markers (the
 * before/after comparison of a piece of work, say) is carried over, placed after the new report's header (before its first section).
 */
function withKeptNotes(markdown: string, previous: string): string {
  const from = previous.indexOf(KEPT_START);
  const to = previous.indexOf(KEPT_END);
  if (from === -1 || to < from) return markdown;
  const kept = previous.slice(from, to + KEPT_END.length);
  const at = markdown.indexOf('\n## ');
  return at === -1 ? `${markdown}\n${kept}\n` : `${markdown.slice(0, at)}\n${kept}\n${markdown.slice(at)}`;
}
