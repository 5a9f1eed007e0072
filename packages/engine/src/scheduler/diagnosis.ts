import type { JobTag, Route } from '../types.ts';

/** What a batch's measured jobs say about its tag. */
export interface Diagnosis {
  /** True when the jobs behave like the other kind of work. */
  readonly mistagged: boolean;
  readonly suggestedTag: JobTag | null;
  /** In words, for the API and the batch page; null while there is too little evidence or nothing to say. */
  readonly verdict: string | null;
  /** Main-thread time each job held synchronously, ms (async and sequential lanes). */
  readonly blockedMsPerJob: number | null;
  /** Share of run time the worker was busy (thread lane); near 1 for computing work, near 0 for waiting. */
  readonly workerBusyRatio: number | null;
  readonly measuredJobs: number;
}

export interface UsageTotals {
  readonly blockedMs: number;
  readonly busyMs: number;
  readonly runMs: number;
  readonly jobs: number;
}

/** Evidence needed before judging: a few jobs, so one slow start does not decide. */
export const MIN_MEASURED_JOBS = 5;
/** A job that holds the event loop this long per run is computing, whatever its tag says. */
const BLOCKING_MS_PER_JOB = 20;
/** …or jobs that together held the loop for most of the time the batch has run (and each a non-trivial amount). */
const BLOCKING_SHARE = 0.5;
const BLOCKING_FLOOR_MS = 1;
/** A worker busy less than this share of its jobs' run time is mostly waiting. */
const IDLE_WORKER_SHARE = 0.25;
const IDLE_FLOOR_MS = 5;

/**
 * Compares how the jobs behaved with how the batch was tagged. Pure: the numbers in, a verdict out.
 * `elapsedMs` is how long the batch has been running: on the event loop, jobs that run concurrently wait for
 * each other's synchronous work, so the loop's share is measured against the batch's time, not each job's.
 */
export function diagnose(tag: JobTag, route: Route, usage: UsageTotals, elapsedMs: number): Diagnosis {
  const base = { measuredJobs: usage.jobs, blockedMsPerJob: null, workerBusyRatio: null, mistagged: false, suggestedTag: null, verdict: null };
  if (usage.jobs === 0 || tag === 'MIXED' || route.phases.length > 1) return base;
  const executor = route.phases[0]!.executor;
  const perJobRun = usage.runMs / usage.jobs;
  if (executor === 'ASYNC' || executor === 'SEQUENTIAL') {
    const blocked = usage.blockedMs / usage.jobs;
    const share = elapsedMs > 0 ? Math.min(1, usage.blockedMs / elapsedMs) : 0;
    const d = { ...base, blockedMsPerJob: blocked };
    if (usage.jobs < MIN_MEASURED_JOBS) return d;
    const computing = blocked >= BLOCKING_MS_PER_JOB || (share >= BLOCKING_SHARE && blocked >= BLOCKING_FLOOR_MS);
    if (!computing) return d;
    const says = `blocked the event loop ${round(blocked)} ms per job (held it ${Math.round(share * 100)}% of the time)`;
    if (tag === 'CPU') return { ...d, verdict: `Computing on the main thread: ${says}; a worker pool would keep the event loop free` };
    return { ...d, mistagged: true, suggestedTag: 'CPU', verdict: `Tagged IO but looks CPU-bound: ${says}. Suggested tag: CPU` };
  }
  // THREADS (and other pools): how busy was the worker while the job ran?
  const ratio = usage.runMs > 0 ? usage.busyMs / usage.runMs : 1;
  const d = { ...base, workerBusyRatio: ratio };
  if (usage.jobs < MIN_MEASURED_JOBS || ratio >= IDLE_WORKER_SHARE || perJobRun < IDLE_FLOOR_MS) return d;
  const says = `its worker was busy ${Math.round(ratio * 100)}% of each job's ${round(perJobRun)} ms`;
  if (tag === 'IO') return { ...d, verdict: `Waiting on a worker thread: ${says}; the async queue would hold many such waits at once` };
  return { ...d, mistagged: true, suggestedTag: 'IO', verdict: `Tagged CPU but mostly waits: ${says}. Suggested tag: IO` };
}

function round(ms: number): string {
  return ms >= 10 ? ms.toFixed(0) : ms.toFixed(1);
}
