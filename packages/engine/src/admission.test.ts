import { describe, expect, it } from 'vitest';
import { Admission } from './admission.ts';
const run = (team: string, queued: number, running: number) => ({ team, held: queued + running });

/** What the scheduler's heldJobs answers for these unfinished batches. */
const heldIn = (runs: ReadonlyArray<ReturnType<typeof run>>) => (team: string) => ({
  all: runs.reduce((n, r) => n + r.held, 0),
  team: runs.filter((r) => r.team === team).reduce((n, r) => n + r.held, 0),
});

describe('Admission', () => {
  const limits = { teamMaxQueuedJobs: 10, maxQueuedJobs: 15, maxLoopDelayMs: 500 };

  it('counts held jobs (queued and running) per team and for the server', () => {
    const runs = [run('a', 4, 4), run('b', 2, 0)];
    const admission = new Admission(limits, { heldJobs: heldIn(runs), loopDelayMs: () => 0 });
    expect(admission.check('a', 2)).toBeNull();
    expect(admission.check('a', 3)).toMatchObject({ kind: 'QUOTA_EXCEEDED', quota: 'queuedJobs', limit: 10 });
    expect(admission.check('b', 5)).toBeNull();
    expect(admission.check('b', 6)).toMatchObject({ kind: 'QUEUE_FULL' });
  });

  it('refuses everything while the event loop lags past the limit, and names the lag', () => {
    let delay = 900;
    const admission = new Admission(limits, { heldJobs: heldIn([]), loopDelayMs: () => delay });
    expect(admission.check('a', 1)).toMatchObject({ kind: 'QUEUE_FULL', message: expect.stringContaining('lags 900 ms') });
    delay = 20;
    expect(admission.check('a', 1)).toBeNull();
  });
});
