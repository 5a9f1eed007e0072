import { describe, expect, it } from 'vitest';
import type { Route } from '../types.ts';
import { diagnose } from './diagnosis.ts';

const on = (executor: 'ASYNC' | 'THREADS'): Route => ({
  lane: 'x',
  executor,
  concurrency: 2,
  rule: 'r',
  reason: '',
  phases: [{ phase: 'run', executor, concurrency: 2 }],
});

describe('the mis-tag diagnosis', () => {
  it('flags IO-tagged jobs that hold the event loop as CPU-bound', () => {
    const d = diagnose('IO', on('ASYNC'), { blockedMs: 2_400, busyMs: 0, runMs: 2_500, jobs: 5 }, 2_500);
    expect(d).toMatchObject({ mistagged: true, suggestedTag: 'CPU', blockedMsPerJob: 480 });
    expect(d.verdict).toContain('blocked the event loop 480 ms per job');
  });

  it('leaves waiting IO work alone', () => {
    expect(diagnose('IO', on('ASYNC'), { blockedMs: 0.5, busyMs: 0, runMs: 500, jobs: 50 }, 100)).toMatchObject({ mistagged: false, verdict: null });
  });

  it('flags CPU-tagged jobs whose worker mostly idled as I/O-bound', () => {
    const d = diagnose('CPU', on('THREADS'), { blockedMs: 0, busyMs: 10, runMs: 500, jobs: 10 }, 300);
    expect(d).toMatchObject({ mistagged: true, suggestedTag: 'IO', workerBusyRatio: 0.02 });
    expect(d.verdict).toContain('busy 2%');
  });

  it('judges the event loop by the batch’s time: concurrent computing jobs wait for each other', () => {
    // 10 jobs of 3 ms each, run 10 at a time: each job's own run time is ~30 ms, the loop was held all along.
    expect(diagnose('IO', on('ASYNC'), { blockedMs: 30, busyMs: 0, runMs: 165, jobs: 10 }, 31)).toMatchObject({
      mistagged: true,
      suggestedTag: 'CPU',
    });
  });

  it('waits for enough jobs before judging', () => {
    expect(diagnose('IO', on('ASYNC'), { blockedMs: 400, busyMs: 0, runMs: 400, jobs: 4 }, 400).mistagged).toBe(false);
  });
});
