/**
 * The report's sections after the standard table (issue 4 §6): every executor on the standard workloads, the
 * concurrency sweep, data batches, and latency with waitMs. Pure formatting, like report.ts, whose cells
 * (ratios to the limit, peers, targets) these reuse so every figure is judged the same way.
 */
import type { SweepDefinition, SweepResult, SweepRun } from './compare.ts';
import { SECTION_RUNS, type CaseResult, type DataResult } from './experiments.ts';
import type { BatchRun, LatencyRun, Series } from './measure.ts';
import { fmtMs, fmtPct, fmtRate, fmtSec, fmtTimes } from './format.ts';
import {
  figures,
  markdownTable,
  met,
  peersCell,
  problemsNote,
  range,
  ratioCell,
  resultCell,
  seriesProblems,
  type Limits,
  type Results,
} from './report.ts';
import { median, summarize } from './stats.ts';
import { WORKLOADS } from './workloads.ts';

interface ServerRoute {
  readonly executor?: string;
  readonly concurrency?: number;
  readonly rule?: string;
  readonly reason?: string;
}

/** The route the server recorded for the series' first measured batch (measure.ts inspects every batch). */
export function routeOf(series: Series | undefined): ServerRoute | undefined {
  const run = series?.runs.find((r): r is BatchRun => r.kind === 'batch');
  return run?.server?.[0]?.route as ServerRoute | undefined;
}

function routeCell(series: Series | undefined, expected?: string): string {
  const r = routeOf(series);
  if (!r) return '?';
  const chunk = /(\d+) jobs per message/.exec(r.reason ?? '')?.[1];
  const text = `${r.executor} ×${r.concurrency}, rule "${r.rule}"${chunk ? `, ${chunk} jobs a message` : ''}`;
  return expected && r.executor !== expected ? `${text} ⚠ not ${expected}` : text;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const countOf = (s: Series, quick: boolean) => (quick ? s.spec.quickCount : s.spec.count);

// ------------------------------------------------------------------------------------------- every executor

export function executorsSection(cases: readonly CaseResult[], limits: Limits, options: { quick: boolean; runs: number }): string {
  const header = [
    'workload',
    'executor',
    'route (as the server recorded it)',
    'jobs',
    'result (median, min–max)',
    'ratio to limit',
    'peers: raw Node · BullMQ · Celery (×)',
  ];
  const rows = cases.map(({ case: c, series, reused }) => {
    const w = WORKLOADS[c.workload];
    const executor = `${c.executor}${c.routed ? ' (routed)' : ''}`;
    if (!series) return [c.workload, executor, '—', '—', 'not run', '—', '—'];
    const count = countOf(series, options.quick);
    const full = options.quick ? w.quickCount : w.count;
    // Slot-bound io runs measure fewer items; their wall time is extrapolated to the standard count.
    const scale = w.metric === 'wallSec' ? full / count : 1;
    const f = figures(series, scale);
    let result = resultCell(w, series, reused ? options.runs : Math.min(options.runs, SECTION_RUNS));
    if (scale !== 1 && f?.wallSec) result += ` → ${fmtSec(f.wallSec.median)} s for ${full.toLocaleString('en-US')} (extrapolated ×${scale})`;
    return [
      c.workload,
      executor,
      routeCell(series, c.executor),
      count.toLocaleString('en-US'),
      result,
      ratioCell(w, f, undefined, limits),
      peersCell(w, f),
    ];
  });

  const notes = [
    `- Each executor is forced with submitBatch's \`strategy: { executor }\` (the server records rule "override") and the server's default concurrency for it (SEQUENTIAL 1, THREADS and PROCESSES one per core, ASYNC 10 under 100 items, else 2,000); a pool on a batch of data-batch size (10,000 items or more) is sent in the table's chunks, as the route cell shows. "(routed)" rows are the standard table's figures (the decision table's own choice, ${plural(options.runs, 'run')}), measured again here only when the standard workload did not run. The other rows: median of ${plural(Math.min(options.runs, SECTION_RUNS), 'run')} after an unmeasured warm-up, the executors of one workload alternating run by run; through GraphQL, timed as in the standard table.`,
    '- io on SEQUENTIAL, THREADS and PROCESSES is bound by its slots (1, or one wait per worker): 2,000 × 100 ms would take 200 s and 100 s. Those rows measure fewer jobs and extrapolate the wall time linearly to 2,000 (what slot-bound work does); the ratio and the peers use the extrapolated figure.',
    '- overhead on PROCESSES measures fewer jobs (a round trip to a child process per job); jobs/s is the figure, as for the others.',
  ];
  const singles = cases
    .filter(({ case: c, series }) => c.workload === 'cpu' && typeof series?.extras.singleJobBatchMs === 'number')
    .map(({ case: c, series }) => `${c.executor} ${fmtMs(series!.extras.singleJobBatchMs as number)} ms`);
  if (singles.length) notes.push(`- cpu, a 1-job batch submit to result (median of 3, after the warm-up): ${singles.join(', ')}.`);
  const problems = cases.flatMap(({ case: c, series, reused }) => (reused ? [] : seriesProblems(`${c.workload} ${c.executor}`, series)));
  if (problems.length) notes.push(problemsNote(problems));
  return ['## Every executor on the standard workloads', '', markdownTable(header, rows), '', notes.join('\n')].join('\n');
}

// ------------------------------------------------------------------------------------------- the sweep

/** The best a sweep step can do: all waits overlap up to the concurrency, so ⌈n/c⌉ rounds of one wait each. */
const idealWallMs = (d: SweepDefinition, concurrency: number) => Math.ceil(d.count / concurrency) * d.ms;

/**
 * Where more concurrency stops helping: the first step up that gained under 10%, or under half its ideal gain;
 * else, the step that kept the smallest share of its ideal gain (where returns fall).
 */
function plateau(d: SweepDefinition, runs: readonly SweepRun[]): string {
  const steps = runs.slice(1).map((b, i) => {
    const a = runs[i]!;
    return { a, b, gain: b.throughput / a.throughput, ideal: idealWallMs(d, a.concurrency) / idealWallMs(d, b.concurrency) };
  });
  for (const { a, b, gain, ideal } of steps) {
    if (ideal < 1.1)
      return `past ${a.concurrency}: ${d.count.toLocaleString('en-US')} jobs leave no more waits to overlap (${b.concurrency} gained ${fmtTimes(gain)})`;
    if (gain < 1.1 || gain < ideal / 2)
      return `past ${a.concurrency}: going to ${b.concurrency} gained ${fmtTimes(gain)} where ${fmtTimes(ideal)} was possible`;
  }
  const worst = [...steps].sort((x, y) => x.gain / x.ideal - y.gain / y.ideal)[0];
  const top = runs.at(-1)!;
  return (
    `no step up to ${top.concurrency} stopped paying (each gained at least half of its ideal)` +
    (worst ? `, but returns fall: ${worst.a.concurrency} → ${worst.b.concurrency} gained ${fmtTimes(worst.gain)} of ${fmtTimes(worst.ideal)}` : '') +
    (top.concurrency >= d.count
      ? `; and at ${top.concurrency} every one of the ${d.count.toLocaleString('en-US')} waits already overlaps, so more concurrency cannot help at all`
      : '')
  );
}

export function sweepSection(sweep: SweepResult): string {
  const d = sweep.definition;
  const title = `## Concurrency sweep: ${d.task} ${d.count.toLocaleString('en-US')} × ${d.ms} ms under ${d.executor} (compareStrategies)`;
  if (!sweep.runs.length) return [title, '', `Failed${sweep.id ? ` (comparison ${sweep.id})` : ''}: ${sweep.error ?? 'no runs'}.`].join('\n');
  const runs = [...sweep.runs].sort((a, b) => a.concurrency - b.concurrency);
  const header = [
    'concurrency',
    'wall (server: submit to last result)',
    'jobs/s',
    'gain over the step before (ideal)',
    'speedup vs the first',
    'efficiency (÷ ideal speedup)',
    `ideal wall (⌈n/c⌉ × ${d.ms} ms)`,
    'of ideal',
    'errors',
  ];
  const rows = runs.map((r, i) => {
    const before = runs[i - 1];
    const gain = before
      ? `${fmtTimes(r.throughput / before.throughput)} (${fmtTimes(idealWallMs(d, before.concurrency) / idealWallMs(d, r.concurrency))})`
      : '—';
    return [
      String(r.concurrency),
      `${fmtSec(r.wallMs / 1000)} s`,
      fmtRate(r.throughput),
      gain,
      fmtTimes(r.speedup),
      `${fmtPct(r.efficiency)} of ${fmtTimes(r.idealSpeedup)}`,
      `${fmtSec(idealWallMs(d, r.concurrency) / 1000)} s`,
      fmtPct(idealWallMs(d, r.concurrency) / r.wallMs),
      String(r.errors),
    ];
  });
  const top = runs.at(-1)!;
  const notes = [
    `- One \`compareStrategies(input: { task: "${d.task}", generate: { count: ${d.count}, template: { ms: ${d.ms} } }, sweep: { executor: ${d.executor}, concurrencies: [${d.concurrencies.join(', ')}] } })\`, polled with \`comparison(id)\` every 250 ms: comparison ${sweep.id}, ${sweep.status}; ${fmtSec((sweep.clientMs ?? 0) / 1000)} s from the request until the client saw it finished (the server warms each concurrency up with a few items first). One pass, not a median: concurrency 1 alone takes ${fmtSec((d.count * d.ms) / 1000)} s. Figures are the server's.`,
    `- Where more concurrency stops helping: ${plateau(d, runs)}. At ${top.concurrency} the ideal ${idealWallMs(d, top.concurrency)} ms is ${fmtPct(idealWallMs(d, top.concurrency) / top.wallMs)} of the wall time; the rest, ${fmtMs(top.wallMs - idealWallMs(d, top.concurrency))} ms (${fmtMs(((top.wallMs - idealWallMs(d, top.concurrency)) * 1000) / d.count)} µs a job), is the engine's cost of starting, recording and finishing the jobs.`,
    `- The server's verdict: “${sweep.verdict ?? '(none)'}”`,
    ...(sweep.error ? [`- Problems: ${sweep.error}`] : []),
  ];
  return [title, '', markdownTable(header, rows), '', notes.join('\n')].join('\n');
}

// ------------------------------------------------------------------------------------------- data batches

/**
 * Tiny jobs measure per-job cost, so the peers to hold them against are WORKLOADS.md's overhead figures for a
 * pool: piscina's thread round trips (raw Node), BullMQ and Celery.
 */
const DATA_PEERS = [{ name: 'piscina round trips', value: 48_000 }, ...WORKLOADS.overhead.peers.filter((p) => p.name !== 'raw')];

export function dataSection(data: DataResult, quick: boolean): string {
  const count = countOf(data.routed, quick);
  const series = [data.routed, data.forced, data.onePerMessage];
  const rates = series.map(jobsPerSecOf);
  // Gains against one item per message (the last row).
  const gainOf = (i: number) => {
    const r = rates[i];
    const base = rates[2];
    return r && base ? fmtTimes(r.median / base.median) : '—';
  };
  const header = [
    'how',
    'route (as the server recorded it)',
    'jobs/s (median, min–max)',
    'wall (median)',
    'gain',
    `peers' per-job figures: ${DATA_PEERS.map((p) => `${p.name} ${fmtRate(p.value)}`).join(' · ')} (×)`,
  ];
  const row = (how: string, s: Series, i: number, gainCell: string) => {
    const r = rates[i];
    const peers = r ? DATA_PEERS.map((p) => `${p.name} ${fmtTimes(r.median / p.value)}`).join(' · ') : '—';
    return [how, routeCell(s, 'THREADS'), rateCell(r), r ? `${fmtSec(count / r.median)} s` : '—', gainCell, peers];
  };
  const rows = [
    row('routed (no strategy): the `data-batch` rule', data.routed, 0, gainOf(0)),
    row('`strategy: { executor: THREADS }`: chunked as the table would', data.forced, 1, gainOf(1)),
    row('`strategy: { executor: THREADS, chunkSize: 1 }`: one item per message', data.onePerMessage, 2, '×1 (baseline)'),
  ];
  const notes = [
    `- ${count.toLocaleString('en-US')} × \`cpu.fib\` {n: 5…9} (microseconds of work each: what is measured is the cost per job of getting it to a thread and back, and of recording it), tag CPU, one submitBatch each; median of ${plural(data.routed.runs.length, 'run')} after a 10,000-item warm-up, the three alternating run by run; through GraphQL, timed as in the standard table.`,
    '- A forced THREADS strategy on a batch of data-batch size is sent in the same chunks as the `data-batch` rule, unless its `chunkSize` says otherwise: the first two rows should match within noise.',
  ];
  const problems = [
    ...seriesProblems('data routed', data.routed),
    ...seriesProblems('data THREADS forced', data.forced),
    ...seriesProblems('data one per message', data.onePerMessage),
    ...seriesProblems('cpu.fib n 15 routed', data.ruleRouted),
    ...seriesProblems('cpu.fib n 15 SEQUENTIAL', data.ruleSequential),
  ];
  if (problems.length) notes.push(problemsNote(problems));
  return [
    `## Data batches: ${count.toLocaleString('en-US')} tiny CPU items, chunked vs one per message`,
    '',
    markdownTable(header, rows),
    '',
    notes.join('\n'),
    '',
    ruleAgainstSequential(data, count),
  ].join('\n');
}

/** Jobs/s of a batch series' runs (median, range), or undefined when none succeeded. */
function jobsPerSecOf(s: Series) {
  return s.runs.length ? summarize(s.runs.map((r) => (r as BatchRun).jobsPerSec)) : undefined;
}

function rateCell(r: ReturnType<typeof jobsPerSecOf>): string {
  return r ? `${fmtRate(r.median)}${range(r, fmtRate)}` : 'failed';
}

/** Issue #12's target: the data-batch rule ahead of SEQUENTIAL by 1.8× or more on 20,000 × cpu.fib {n: 15}. */
function ruleAgainstSequential(data: DataResult, count: number): string {
  const routed = jobsPerSecOf(data.ruleRouted);
  const sequential = jobsPerSecOf(data.ruleSequential);
  const cell = (s: Series, r: ReturnType<typeof jobsPerSecOf>, executor: string) => [
    routeCell(s, executor),
    rateCell(r),
    r ? `${fmtSec(count / r.median)} s` : '—',
  ];
  const gain = routed && sequential ? routed.median / sequential.median : undefined;
  return [
    `### The data-batch rule against SEQUENTIAL: ${count.toLocaleString('en-US')} × \`cpu.fib\` {n: 15}`,
    '',
    markdownTable(
      ['how', 'route (as the server recorded it)', 'jobs/s (median, min–max)', 'wall (median)', 'gain'],
      [
        ['routed (no strategy): the `data-batch` rule', ...cell(data.ruleRouted, routed, 'THREADS'), gain === undefined ? '—' : fmtTimes(gain)],
        ['`strategy: { executor: SEQUENTIAL }`', ...cell(data.ruleSequential, sequential, 'SEQUENTIAL'), '×1 (baseline)'],
      ],
    ),
    '',
    `- Tens of microseconds of work per job: the main thread's cost per job (persisting it) is of the same order as the work, so this is where chunking has to earn its keep. Issue #12's target: ×1.8 or more on 2 cores${gain === undefined ? '' : ` (${gain >= 1.8 ? 'met' : 'not met'} in this run)`}. Same runs and timing as above.`,
  ].join('\n');
}

// ------------------------------------------------------------------------------------------- latency with waitMs

export function waitMsSection(latency: Results[string], waitMs: number, limits: Limits): string {
  const w = WORKLOADS.latency;
  const submitP50 = (s: Series | undefined) => {
    const runs = (s?.runs ?? []).filter((r): r is LatencyRun => r.kind === 'latency');
    return runs.length ? `${fmtMs(median(runs.map((r) => r.submitP50)))} ms` : '—';
  };
  const header = [
    'how the client learns the result',
    'p50 / p99 (median, min–max)',
    'submitBatch round trip (p50)',
    'peers: raw Node · BullMQ · Celery (× p50/p99)',
    'target',
    'met?',
  ];
  const rows = (
    [
      ['polling `batch(id)` after submitBatch (the standard table)', latency.graphql],
      [`\`submitBatch(input: { …, waitMs: ${waitMs} })\`: one round trip`, latency.graphqlWaitMs],
      [`graphql-ws, \`submitBatch(waitMs)\`: one message each way on a persistent WebSocket`, latency.graphqlWsWaitMs],
      ['engine in-process (no HTTP, no GraphQL)', latency.engine],
    ] as const
  )
    .filter(([, s]) => s)
    .map(([how, s]) => [how, resultCell(w, s, s!.runs.length), submitP50(s), peersCell(w, figures(s)), w.target.text, met(w, figures(s), limits)]);
  const notes = [
    `- ${w.description}; the same runs alternate between them (measure.ts), so they share the host's minutes. With waitMs the server answers submitBatch only once the batch has finished (at most ${waitMs / 1000} s), with its status and counts: the client needs no second request.`,
  ];
  const floors = [
    limits.graphqlRoundTripP50Ms !== undefined &&
      `HTTP (Node's fetch) ${fmtMs(limits.graphqlRoundTripP50Ms)}${limits.graphqlRoundTripP99Ms === undefined ? '' : ` / ${fmtMs(limits.graphqlRoundTripP99Ms)}`} ms`,
    limits.graphqlWsRoundTripMs && `graphql-ws ${fmtMs(limits.graphqlWsRoundTripMs.p50)} / ${fmtMs(limits.graphqlWsRoundTripMs.p99)} ms`,
  ].filter(Boolean);
  if (floors.length)
    notes.push(`- The floor under these rows, a trivial \`{ __typename }\` round trip (p50 / p99, after the workloads): ${floors.join('; ')}.`);
  const problems = [
    ...seriesProblems('latency waitMs', latency.graphqlWaitMs),
    ...seriesProblems('latency graphql-ws waitMs', latency.graphqlWsWaitMs),
  ];
  if (problems.length) notes.push(problemsNote(problems));
  return ['## Latency: submitBatch with waitMs', '', markdownTable(header, rows), '', notes.join('\n')].join('\n');
}
