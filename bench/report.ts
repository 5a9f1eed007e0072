/**
 * The report: one table (workload × {GraphQL, engine, limit, ratio, peers, target, met?}) and the notes that
 * say how the figures were taken. Pure formatting: everything measured comes in as arguments.
 */
import { describeWait, type WaitMode } from './drivers.ts';
import type { BatchRun, LatencyRun, Series } from './measure.ts';
import { fmtMs, fmtPct, fmtRate, fmtSec, fmtTimes } from './format.ts';
import { median, summarize, type Summary } from './stats.ts';
import { WORKLOADS, type Workload, type WorkloadName } from './workloads.ts';

export interface ReportOptions {
  readonly quick: boolean;
  readonly only: readonly WorkloadName[];
  readonly runs: number;
  readonly wait: WaitMode;
  readonly engine: boolean;
  readonly argv: readonly string[];
}

export interface Machine {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly availableParallelism: number;
  readonly platform: string;
  readonly totalMemGiB: number;
  readonly loadAvgStart: number[];
  loadAvgEnd: number[];
}

/** The headline figure(s) of a series, summarised over its runs. */
export interface Figures {
  readonly rate?: Summary; // jobs/s
  readonly wallSec?: Summary;
  readonly p50?: Summary;
  readonly p99?: Summary;
}

/**
 * `wallScale`: multiplies wall times (not rates), to extrapolate a run of fewer items to the full count when
 * the work is bound by a fixed number of slots and so scales linearly.
 */
export function figures(series: Series | undefined, wallScale = 1): Figures | undefined {
  if (!series || series.runs.length === 0) return undefined;
  const batch = series.runs.filter((r): r is BatchRun => r.kind === 'batch');
  const lat = series.runs.filter((r): r is LatencyRun => r.kind === 'latency');
  if (lat.length) return { p50: summarize(lat.map((r) => r.p50)), p99: summarize(lat.map((r) => r.p99)) };
  return { rate: summarize(batch.map((r) => r.jobsPerSec)), wallSec: summarize(batch.map((r) => (r.wallMs / 1000) * wallScale)) };
}

export function range(s: Summary, fmt: (x: number) => string): string {
  return s.n > 1 ? ` (${fmt(s.min)}–${fmt(s.max)})` : '';
}

export function resultCell(w: Workload, series: Series | undefined, expectedRuns: number): string {
  if (!series) return 'not run';
  const f = figures(series);
  const flags: string[] = [];
  if (series.runs.some((r) => r.problems.length)) flags.push('⚠ jobs not succeeded');
  if (series.error) flags.push(series.runs.length ? `✗ stopped after ${series.runs.length}/${expectedRuns} runs` : '✗ failed');
  let text = '';
  if (f) {
    if (w.metric === 'latencyMs') {
      text = `p50 ${fmtMs(f.p50!.median)}${range(f.p50!, fmtMs)} / p99 ${fmtMs(f.p99!.median)}${range(f.p99!, fmtMs)} ms`;
    } else if (w.metric === 'wallSec') {
      text = `${fmtSec(f.wallSec!.median)} s${range(f.wallSec!, fmtSec)}`;
    } else {
      text = `${fmtRate(f.rate!.median)} jobs/s${range(f.rate!, fmtRate)}`;
    }
  }
  return [text, ...flags].filter(Boolean).join(' ');
}

export interface Limits {
  cores: number;
  pbkdf2SamplesMs: number[];
  pbkdf2SingleJobMs?: number;
  cpuJobsPerSec?: number;
  /** Async crypto.pbkdf2 on the libuv pool, measured before the cpu runs. */
  rawPbkdf2JobsPerSec?: number[];
  pQueueJobsPerSec?: number | null;
  graphqlRoundTripP50Ms?: number;
  graphqlRoundTripP99Ms?: number;
  /** `{ __typename }` over graphql-ws on one warm connection (the floor under the graphql-ws latency row). */
  graphqlWsRoundTripMs?: { p50: number; p99: number };
}

function limitCell(w: Workload, limits: Limits): string {
  switch (w.name) {
    case 'cpu':
      return limits.cpuJobsPerSec === undefined
        ? '—'
        : `${fmtRate(limits.cpuJobsPerSec)} jobs/s (${limits.cores} cores ÷ ${limits.pbkdf2SingleJobMs!.toFixed(1)} ms)` +
            (limits.rawPbkdf2JobsPerSec?.length
              ? `; raw Node here ${fmtRate(median(limits.rawPbkdf2JobsPerSec))}${range(summarize(limits.rawPbkdf2JobsPerSec), fmtRate)}`
              : '');
    case 'io':
      return '0.100 s';
    case 'overhead':
      return limits.pQueueJobsPerSec
        ? `${fmtRate(limits.pQueueJobsPerSec)} jobs/s (p-queue, measured here)`
        : '228,000 jobs/s (p-queue, WORKLOADS.md)';
    case 'latency':
      return '—';
  }
}

/** Achieved ÷ limit, as a fraction where 1 means "at the limit" (so for io: limit time ÷ our time). */
export function ratioToLimit(w: Workload, f: Figures | undefined, limits: Limits): number | undefined {
  if (!f) return undefined;
  if (w.name === 'cpu' && limits.cpuJobsPerSec) return f.rate!.median / limits.cpuJobsPerSec;
  if (w.name === 'io') return 0.1 / f.wallSec!.median;
  if (w.name === 'overhead') return f.rate!.median / (limits.pQueueJobsPerSec ?? 228_000);
  return undefined;
}

export function ratioCell(w: Workload, graphql: Figures | undefined, engine: Figures | undefined, limits: Limits): string {
  const g = ratioToLimit(w, graphql, limits);
  const e = ratioToLimit(w, engine, limits);
  if (g === undefined && e === undefined) return '—';
  const cell = [g !== undefined ? fmtPct(g) : '—', e !== undefined ? `(engine ${fmtPct(e)})` : ''].filter(Boolean).join(' ');
  // cpu also against raw Node measured between the same runs: when other tenants hold a core, cores ÷
  // single-job time overstates what two threads can get, and this ratio stays meaningful.
  const raw = w.name === 'cpu' && limits.rawPbkdf2JobsPerSec?.length ? median(limits.rawPbkdf2JobsPerSec) : undefined;
  if (!raw) return cell;
  const vsRaw = [graphql?.rate ? fmtPct(graphql.rate.median / raw) : '—', engine?.rate ? `(engine ${fmtPct(engine.rate.median / raw)})` : '']
    .filter(Boolean)
    .join(' ');
  return `${cell}; of raw Node here ${vsRaw}`;
}

/** Each peer's figure from WORKLOADS.md, with how Switchyard-via-GraphQL compares (× > 1: Switchyard better). */
export function peersCell(w: Workload, f: Figures | undefined): string {
  return w.peers
    .map((peer) => {
      let cmp = '';
      if (f?.rate && w.metric === 'jobsPerSec') cmp = ` (${fmtTimes(f.rate.median / peer.value)})`;
      if (f?.wallSec && w.metric === 'wallSec') cmp = ` (${fmtTimes(peer.value / f.wallSec.median)})`;
      if (f?.p50 && f.p99 && peer.p99 !== undefined) {
        cmp = ` (${fmtTimes(peer.value / f.p50.median)}/${fmtTimes(peer.p99 / f.p99.median)})`;
      }
      return `${peer.name} ${peer.text}${cmp}`;
    })
    .join(' · ');
}

export function met(w: Workload, f: Figures | undefined, limits: Limits): string {
  if (!f) return '—';
  const t = w.target;
  switch (t.kind) {
    case 'ratioToLimit': {
      const r = ratioToLimit(w, f, limits);
      return r === undefined ? '—' : r >= t.atLeast ? 'yes' : 'no';
    }
    case 'maxWallSec':
      return f.wallSec!.median < t.below ? 'yes' : 'no';
    case 'minJobsPerSec':
      return f.rate!.median >= t.atLeast ? 'yes' : 'no';
    case 'latency':
      return f.p50!.median < t.p50Below && f.p99!.median < t.p99Below ? 'yes' : 'no';
  }
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((wd) => '-'.repeat(wd + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export interface Results {
  /** graphqlWaitMs: the latency workload through submitBatch's waitMs; graphqlWsWaitMs: the same over graphql-ws. */
  [name: string]: { graphql?: Series; engine?: Series; graphqlWaitMs?: Series; graphqlWsWaitMs?: Series };
}

/** A series' failures and unsucceeded jobs, as lines for a "Problems" note. */
export function seriesProblems(label: string, s: Series | undefined): string[] {
  if (!s) return [];
  const bad = s.runs.flatMap((r) => r.problems);
  return [
    ...(s.error ? [`${label}: ${s.error}`] : []),
    ...(bad.length ? [`${label}: ${bad.length} batch(es) did not fully succeed, e.g. ${bad.slice(0, 3).join('; ')}`] : []),
  ];
}

export function problemsNote(problems: readonly string[]): string {
  return '- Problems:\n' + problems.map((p) => `  - ${p.split('\n').slice(0, 12).join('\n    ')}`).join('\n');
}

export function buildReport(
  options: ReportOptions,
  machine: Machine,
  limits: Limits,
  results: Results,
  fatal: readonly string[],
  startedAt: Date,
  elapsedSec: number,
  /** Markdown sections after the standard table and its notes. */
  sections: readonly string[] = [],
): { table: string; notes: string; markdown: string } {
  const header = [
    'workload',
    'Switchyard via GraphQL (median, min–max)',
    'engine in-process',
    "the machine's limit",
    'ratio to limit',
    'peers: raw Node · BullMQ · Celery (× = Switchyard vs peer)',
    'target',
    'met?',
  ];
  const rows = options.only.map((name) => {
    const w = WORKLOADS[name];
    const r = results[name] ?? {};
    const g = figures(r.graphql);
    const e = figures(r.engine);
    return [
      name,
      r.graphql || !options.engine ? resultCell(w, r.graphql, options.runs) : 'not run',
      options.engine ? resultCell(w, r.engine, options.runs) : 'skipped',
      limitCell(w, limits),
      ratioCell(w, g, e, limits),
      peersCell(w, g),
      w.target.text,
      met(w, g, limits),
    ];
  });
  const table = markdownTable(header, rows);

  const notes: string[] = [];
  const counts = options.only.map((n) => `${n} ${(options.quick ? WORKLOADS[n].quickCount : WORKLOADS[n].count).toLocaleString('en-US')}`);
  notes.push(
    `- Workloads (jobs): ${counts.join(', ')}${options.quick ? ' — QUICK smoke test, not a measurement' : ''}; ${options.runs} measured run(s) each after an unmeasured warm-up.`,
  );
  notes.push(
    `- Timing: batch workloads from just before the submit until the client knows the last job's result; ` +
      `latency: each one-job submission, submit to result. The GraphQL client learns completion through ${describeWait(options.wait)}.`,
  );
  if (limits.graphqlRoundTripP50Ms !== undefined) {
    notes.push(
      `- Floor under every GraphQL figure: a trivial \`{ __typename }\` round trip takes ${fmtMs(limits.graphqlRoundTripP50Ms)} ms (p50 of 100, after the workloads) from this client (Node's fetch).`,
    );
  }
  for (const name of ['latency', 'cpu'] as const) {
    const sse = results[name]?.graphql?.extras.viaSubscription as { n: number; p50?: number; max?: number; error?: string } | undefined;
    if (!sse) continue;
    notes.push(
      sse.error
        ? `- ${name}, one-job submissions awaited through the batchProgress subscription instead of polling: failed (${sse.error}).`
        : `- ${name}, ${sse.n} one-job submissions awaited through the batchProgress subscription instead of polling: ` +
            `p50 ${fmtMs(sse.p50!)} ms, max ${fmtMs(sse.max!)} ms (what a subscriber waits for the final snapshot).`,
    );
  }
  if (limits.pbkdf2SingleJobMs !== undefined) {
    const single = ['graphql', 'engine']
      .map((d) => {
        const ms = results.cpu?.[d as 'graphql' | 'engine']?.extras.singleJobBatchMs;
        return typeof ms === 'number' ? `${d === 'graphql' ? 'via GraphQL' : 'engine in-process'} ${fmtMs(ms)} ms` : undefined;
      })
      .filter(Boolean);
    notes.push(
      `- cpu single-job time: \`crypto.pbkdf2Sync\` in the bench process ${limits.pbkdf2SingleJobMs.toFixed(1)} ms (10th percentile of ${limits.pbkdf2SamplesMs.length} samples taken before and between the rounds of runs; median ${fmtMs(median(limits.pbkdf2SamplesMs))}, range ${fmtMs(Math.min(...limits.pbkdf2SamplesMs))}–${fmtMs(Math.max(...limits.pbkdf2SamplesMs))} ms; the limit uses the 10th percentile because contention from other tenants only ever adds time)` +
        (single.length ? `; a 1-job batch, submit to result: ${single.join(', ')}.` : '.'),
    );
  }
  // What the server itself reports for the measured batches: separates engine time from client/transport time.
  for (const name of options.only) {
    const runs = (results[name]?.graphql?.runs ?? []).filter((r): r is BatchRun => r.kind === 'batch');
    const server = runs.flatMap((r) => r.server ?? []).filter((b): b is Record<string, unknown> => b != null);
    const wall = server.map((b) => b.wallMs).filter((x): x is number => typeof x === 'number');
    const route = server[0]?.route as { executor?: string; concurrency?: number; rule?: string } | undefined;
    if (wall.length || route) {
      notes.push(
        `- ${name} via GraphQL: client-side wall median ${fmtMs(median(runs.map((r) => r.wallMs)))} ms, of which the submitBatch ` +
          `round trip ${fmtMs(median(runs.map((r) => r.submitMs)))} ms; the server's own batch wallMs median ${wall.length ? fmtMs(median(wall)) : '?'} ms` +
          (route ? `; routed to ${route.executor} ×${route.concurrency} by rule "${route.rule}"` : '') +
          '.',
      );
    }
  }
  const lat = (results.latency?.graphql?.runs ?? []).filter((r): r is LatencyRun => r.kind === 'latency');
  if (lat.length) {
    notes.push(
      `- latency via GraphQL: of each submit-to-result sample, the submitBatch round trip alone takes ${fmtMs(median(lat.map((r) => r.submitP50)))} ms (median of the runs' p50s).`,
    );
  }
  notes.push(
    '- Ratio to limit: achieved ÷ limit (io: 0.1 s ÷ wall time), so 100% is the limit; cpu also ÷ raw Node (async `crypto.pbkdf2` on the libuv pool, the same 200 jobs, run before each round of runs). × against a peer: how many times better Switchyard via GraphQL does (> 1 is better; latency: p50/p99). Peer figures come from WORKLOADS.md (another hour of a similar machine), not from this run.',
  );
  const problems: string[] = [...fatal];
  for (const name of options.only) {
    for (const d of ['graphql', 'engine'] as const) problems.push(...seriesProblems(`${name} ${d}`, results[name]?.[d]));
  }
  if (problems.length) notes.push(problemsNote(problems));

  const markdown = [
    '# Switchyard benchmark results',
    '',
    `- Date: ${startedAt.toISOString()}`,
    `- Machine: ${machine.cpuModel}, ${machine.cpuCount} CPUs (os.cpus()), ${machine.totalMemGiB} GiB, ${machine.platform}`,
    `- Load average (1/5/15 min) at start ${machine.loadAvgStart.join(' / ')}, at end ${machine.loadAvgEnd.join(' / ')} (the host is shared)`,
    `- Node: ${process.version}`,
    `- Command: \`npm run bench${options.argv.length ? ` -- ${options.argv.join(' ')}` : ''}\``,
    `- Elapsed: ${elapsedSec.toFixed(0)} s for the whole run`,
    '',
    'Definitions, peers and targets: WORKLOADS.md (mirrored in bench/workloads.ts). Raw per-run numbers: bench/raw/ (not committed).',
    '',
    ...(options.only.length ? ['## The standard workloads, routed by the decision table', '', table, '', notes.join('\n'), ''] : []),
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
  return { table, notes: notes.join('\n'), markdown };
}
