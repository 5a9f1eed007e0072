import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../packages/engine/src/store/sqlite/sqlite-store.ts';
import type { NewBatch } from '../../packages/engine/src/store/store.ts';
import { tempDir } from '../helpers/temp.ts';

const log = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function twoStoresOnOneFile() {
  const dir = tempDir();
  const path = join(dir.path, 'claims.db');
  const a = new SqliteStore(path, log);
  const b = new SqliteStore(path, log);
  cleanups.push(async () => {
    await Promise.all([a.close(), b.close()]);
    dir.remove();
  });
  return { a, b };
}

const batch: NewBatch = {
  team: 'default',
  name: 'run',
  task: 'noop',
  tag: 'IO',
  route: {
    lane: 'io',
    executor: 'ASYNC',
    concurrency: 1,
    rule: 'io-moderate',
    reason: 'test',
    phases: [{ phase: 'run', executor: 'ASYNC', concurrency: 1 }],
  },
  timeoutMs: 1_000,
  maxAttempts: 1,
  backoffMs: 0,
  background: false,
  createdAt: 1_000,
};

describe('claiming a schedule run', () => {
  it('starts a run once when two processes read the same cursor and both try to claim it', () => {
    const { a, b } = twoStoresOnOneFile();
    const schedule = a.insertSchedule({
      team: 'default',
      name: 's',
      cron: '* * * * * *',
      timezone: 'UTC',
      batch: { task: 'noop', items: [{}] },
      overlap: 'ALLOW',
      createdAt: 1_000,
    });
    const claim = { scheduleId: schedule.id, expectedDueAfter: 1_000, runAt: 2_000, overlap: 'ALLOW' as const, batch: { batch, inputs: [{}] } };
    const first = a.claimScheduleRun(claim);
    const second = b.claimScheduleRun(claim);
    expect(first).toMatchObject({ claimed: true, batch: { runAt: new Date(2_000), scheduleId: schedule.id, status: 'QUEUED' } });
    expect(second).toEqual({ claimed: false });
    expect(b.scheduleBatches(schedule.id, 10).totalCount).toBe(1);
    expect(b.getSchedule(schedule.id)).toMatchObject({ dueAfter: new Date(2_000), lastRunAt: new Date(2_000) });
  });

  it('skips a run (SKIP) while an earlier batch of the schedule is unfinished, and counts it', () => {
    const { a } = twoStoresOnOneFile();
    const schedule = a.insertSchedule({
      team: 'default',
      name: 's',
      cron: '* * * * * *',
      timezone: 'UTC',
      batch: { task: 'noop', items: [{}] },
      overlap: 'SKIP',
      createdAt: 1_000,
    });
    const run = (expectedDueAfter: number, runAt: number) =>
      a.claimScheduleRun({ scheduleId: schedule.id, expectedDueAfter, runAt, overlap: 'SKIP', batch: { batch, inputs: [{}] } });
    const started = run(1_000, 2_000);
    expect(started).toMatchObject({ claimed: true, previous: [] });
    expect(run(2_000, 3_000)).toMatchObject({ claimed: true, batch: null, previous: [started.claimed && started.batch!.id] });
    expect(a.getSchedule(schedule.id)).toMatchObject({ skippedRuns: 1, dueAfter: new Date(3_000) });
  });

  it('claims nothing for a paused schedule, and a resume moves the cursor past the paused time', () => {
    const { a } = twoStoresOnOneFile();
    const schedule = a.insertSchedule({
      team: 'default',
      name: 's',
      cron: '* * * * * *',
      timezone: 'UTC',
      batch: { task: 'noop', items: [{}] },
      overlap: 'ALLOW',
      createdAt: 1_000,
    });
    expect(a.pauseSchedule(schedule.id)).toBe(true);
    expect(a.pauseSchedule(schedule.id)).toBe(false);
    expect(
      a.claimScheduleRun({ scheduleId: schedule.id, expectedDueAfter: 1_000, runAt: 2_000, overlap: 'ALLOW', batch: { batch, inputs: [{}] } }),
    ).toEqual({
      claimed: false,
    });
    expect(a.resumeSchedule(schedule.id, 9_000)).toBe(true);
    expect(a.getSchedule(schedule.id)).toMatchObject({ paused: false, dueAfter: new Date(9_000) });
    expect(a.deleteSchedule(schedule.id)).toBe(true);
    expect(a.getSchedule(schedule.id)).toBeNull();
  });
});
