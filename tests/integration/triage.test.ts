/** Failure policy and triage against a real engine and SQLite file: retry budgets, retryJob, failFast, idempotency. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../apps/api/src/config.ts';
import { engineForEachTest, submitOk, testEngine } from '../helpers/engine.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';

// One thread: these tests run I/O tasks, and a smaller pool starts faster on a busy machine.
const engine = engineForEachTest({ threads: 1 });

describe('retry: a fresh attempt budget, the history whole', () => {
  it('gives each job retried by retryFailed maxAttempts fresh attempts and never reports more attempts than the budget', async () => {
    const e = await engine();
    // Fails on attempts 1–4, succeeds on 5: two budgets of 3 are needed; "Attempts 4 of 3" must never be possible.
    const batch = submitOk(e, { task: 'test.flaky', items: [{ succeedOn: 5 }], maxAttempts: 3, backoffMs: 1 });
    expect((await e.waitForBatch(batch.id)).status).toBe('FAILED');
    const [job] = e.listJobs(batch.id, undefined, 1).items;
    expect(job).toMatchObject({ status: 'FAILED', attempts: 3, attemptBase: 0 });

    e.retryFailed(batch.id);
    // Queued with a fresh budget (and on an idle lane already started: attempt 4 is the first of the new budget).
    expect(e.getJob(job!.id)!.attemptBase).toBe(3);
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('SUCCEEDED');
    const after = e.getJob(job!.id)!;
    // Two attempts in the second budget (4 fails, 5 succeeds): 2 of 3, 5 in all.
    expect(after).toMatchObject({ status: 'SUCCEEDED', attempts: 5, attemptBase: 3 });
    expect(after.attempts - after.attemptBase).toBeLessThanOrEqual(done.maxAttempts);
    const history = e.jobHistory(after);
    expect(history.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(history.map((a) => a.status)).toEqual(['FAILED', 'FAILED', 'FAILED', 'FAILED', 'SUCCEEDED']);
  });

  it('spends a whole fresh budget after a retry before giving up again', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'test.flaky', items: [{ succeedOn: 100 }], maxAttempts: 2, backoffMs: 1 });
    await e.waitForBatch(batch.id);
    e.retryFailed(batch.id);
    await e.waitForBatch(batch.id);
    const job = e.listJobs(batch.id, undefined, 1).items[0]!;
    // 2 + 2: the retry gave two more attempts, not zero (which "attempts < maxAttempts" on the total would give).
    expect(job).toMatchObject({ status: 'FAILED', attempts: 4, attemptBase: 2 });
    expect(e.jobHistory(job)).toHaveLength(4);
  });

  it('retryJob runs one failed job again, leaves its siblings alone, and is null for a missing job', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'test.flaky', items: [{ succeedOn: 2 }, { succeedOn: 2 }, { succeedOn: 1 }], maxAttempts: 1 });
    const done = await e.waitForBatch(batch.id);
    expect(done.counts).toMatchObject({ failed: 2, succeeded: 1 });
    const [first, second] = e.listJobs(batch.id, 'FAILED', 10).items;

    const retried = e.retryJob(first!.id)!;
    expect(retried.attemptBase).toBe(1);
    expect(['QUEUED', 'RUNNING']).toContain(retried.status);
    const again = await e.waitForBatch(batch.id);
    expect(again.counts).toMatchObject({ failed: 1, succeeded: 2, queued: 0, running: 0 });
    expect(again.status).toBe('FAILED'); // the other one still failed
    expect(e.getJob(first!.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(e.getJob(second!.id)).toMatchObject({ status: 'FAILED', attempts: 1 });

    // A job that is not failed comes back as it is; a missing one is null.
    expect(e.retryJob(first!.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(e.retryJob('999999')).toBeNull();
  });

  it('leaves the idle gap before a retry out of wall time and throughput', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'test.flaky', items: [{ succeedOn: 2 }], maxAttempts: 1 });
    const first = await e.waitForBatch(batch.id);
    const firstWall = e.batchProgress(first).wallMs!;
    // Let the batch sit finished for a while (a condition on the clock, not a sleep used as synchronisation).
    const idleFrom = first.finishedAt!.getTime();
    await waitFor(() => Date.now() - idleFrom >= 300, { what: 'an idle gap' });
    e.retryFailed(batch.id);
    const second = await e.waitForBatch(batch.id);
    expect(second.status).toBe('SUCCEEDED');
    expect(second.idleMs).toBeGreaterThanOrEqual(300);
    const span = second.finishedAt!.getTime() - second.startedAt!.getTime();
    const progress = e.batchProgress(second);
    expect(progress.wallMs).toBe(span - second.idleMs);
    expect(progress.wallMs!).toBeLessThan(span);
    expect(progress.wallMs!).toBeGreaterThanOrEqual(firstWall);
    expect(progress.throughput).toBeCloseTo((1 / progress.wallMs!) * 1000, 6);
  });

  it('counts cancelled jobs apart: they are not throughput', async () => {
    const e = await engine();
    // One at a time: a few jobs are done when the cancel comes, most are still queued and end CANCELLED.
    const batch = submitOk(e, {
      task: 'io.sleep',
      items: Array.from({ length: 40 }, () => ({ ms: 20 })),
      strategy: { executor: 'ASYNC', concurrency: 1 },
    });
    await waitFor(() => e.getBatch(batch.id)!.counts.succeeded >= 3, { what: 'a few jobs done' });
    e.cancelBatch(batch.id);
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('CANCELLED');
    const c = done.counts;
    expect(c.cancelled).toBeGreaterThan(c.succeeded);
    const progress = e.batchProgress(done);
    expect(progress.throughput).toBeCloseTo(((c.succeeded + c.failed + c.timedOut) / progress.wallMs!) * 1000, 6);
  });
});

describe('failFast: the first failure cancels the rest (asyncio TaskGroup)', () => {
  it('cancels the queued and running siblings when one job fails, and ends FAILED', async () => {
    const e = await engine();
    // Concurrency 2: the broken job fails at once while a long sleep runs beside it; the rest are still queued.
    const batch = submitOk(e, {
      task: 'test.mixedFate',
      items: [{ fail: true }, { sleepMs: 10_000 }, ...Array.from({ length: 20 }, () => ({ sleepMs: 10 }))],
      strategy: { executor: 'ASYNC', concurrency: 2 },
      failFast: true,
    });
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('FAILED');
    expect(done.failFast).toBe(true);
    expect(done.counts.failed).toBe(1);
    expect(done.counts.cancelled).toBeGreaterThanOrEqual(20); // the long sleep and the queued ones
    expect(done.counts.succeeded + done.counts.failed + done.counts.cancelled).toBe(22);
    const sleeper = e.listJobs(batch.id, undefined, 2).items[1]!;
    expect(sleeper.status).toBe('CANCELLED');
    expect(sleeper.error?.message).toMatch(/failFast/);
    // It did not wait for the 10 s sleep.
    expect(done.finishedAt!.getTime() - done.startedAt!.getTime()).toBeLessThan(5_000);
  });

  it('cancels the rest when a job times out, after its retries are spent', async () => {
    const e = await engine();
    const batch = submitOk(e, {
      task: 'test.stubborn',
      items: [{ ms: 5_000 }, ...Array.from({ length: 5 }, () => ({ ms: 200 }))],
      strategy: { executor: 'ASYNC', concurrency: 1 },
      timeoutMs: 100,
      maxAttempts: 2,
      backoffMs: 1,
      failFast: true,
    });
    const done = await e.waitForBatch(batch.id);
    // While the first job waited for its retry, siblings could run; once it timed out again, the rest were cancelled.
    expect(done).toMatchObject({ status: 'FAILED', counts: { timedOut: 1, queued: 0, running: 0 } });
    expect(done.counts.cancelled).toBeGreaterThanOrEqual(1);
    expect(done.counts.succeeded + done.counts.cancelled).toBe(5);
    const first = e.listJobs(batch.id, undefined, 1).items[0]!;
    expect(first).toMatchObject({ status: 'TIMED_OUT', attempts: 2 });
  });

  it('without failFast, one failure leaves the others running to the end', async () => {
    const e = await engine();
    const batch = submitOk(e, {
      task: 'test.mixedFate',
      items: [{ fail: true }, ...Array.from({ length: 5 }, () => ({ sleepMs: 1 }))],
      strategy: { executor: 'ASYNC', concurrency: 2 },
    });
    const done = await e.waitForBatch(batch.id);
    expect(done).toMatchObject({ status: 'FAILED', failFast: false, counts: { failed: 1, succeeded: 5, cancelled: 0 } });
  });
});

describe('idempotencyKey', () => {
  it('returns the first batch for the same key from the same team and writes nothing', async () => {
    const t = await testEngine({ threads: 1 });
    try {
      const e = t.engine;
      const input = { task: 'io.sleep', items: [{ ms: 1 }], idempotencyKey: 'nightly-2026-12-01', team: 'acme' };
      const first = e.submitBatch(input);
      const second = e.submitBatch({ ...input, items: [{ ms: 1 }, { ms: 2 }] });
      expect(first.ok && second.ok).toBe(true);
      if (!first.ok || !second.ok) return;
      expect(first.replayed).toBeUndefined();
      expect(second).toMatchObject({ replayed: true, batch: { id: first.batch.id, total: 1 } });
      // Another team's same key is its own batch.
      const other = e.submitBatch({ ...input, team: 'globex' });
      expect(other.ok && other.batch.id !== first.batch.id && !other.replayed).toBe(true);
      await e.waitForBatch(first.batch.id);
      const db = new Database(t.dbPath, { readonly: true });
      try {
        expect(db.prepare('select count(*) n from batches').get()).toEqual({ n: 2 });
        expect(db.prepare('select count(*) n from jobs').get()).toEqual({ n: 2 });
      } finally {
        db.close();
      }
    } finally {
      await t.dispose();
    }
  });

  it('lets a key go after 24 hours, and the unique index refuses a second live batch with one key', async () => {
    const t = await testEngine({ threads: 1 });
    try {
      const e = t.engine;
      const input = { task: 'noop', items: [{}], idempotencyKey: 'k-1' };
      const first = submitOk(e, input);
      const db = new Database(t.dbPath);
      try {
        // Two live batches of one team with one key cannot exist, whoever writes them.
        expect(() =>
          db
            .prepare(
              `insert into batches (team, task, tag, status, total, route, rule, timeout_ms, max_attempts, backoff_ms, created_at, idempotency_key)
               select team, task, tag, status, total, route, rule, timeout_ms, max_attempts, backoff_ms, created_at, idempotency_key from batches where id = ?`,
            )
            .run(Number(first.id)),
        ).toThrow(/UNIQUE/);
        db.prepare('update batches set created_at = created_at - ? where id = ?').run(25 * 3600 * 1000, Number(first.id));
      } finally {
        db.close();
      }
      const later = e.submitBatch(input);
      expect(later.ok && !later.replayed && later.batch.id !== first.id).toBe(true);
      expect(e.getBatch(first.id)!.idempotencyKey).toBeNull();
    } finally {
      await t.dispose();
    }
  });

  it('refuses a key that is too long, naming the field', async () => {
    const e = await engine();
    const result = e.submitBatch({ task: 'noop', items: [{}], idempotencyKey: 'x'.repeat(201) });
    expect(result).toMatchObject({ ok: false, error: { kind: 'INVALID_INPUT', field: 'idempotencyKey' } });
  });
});

describe('job logs and progress messages', () => {
  it('keeps what ctx.log said, per job, from the event loop, a worker thread and a child process', async () => {
    const e = await engine();
    for (const strategy of [{ executor: 'ASYNC' as const }, { executor: 'THREADS' as const }, { executor: 'PROCESSES' as const }]) {
      const batch = submitOk(e, { task: 'test.chattyCpu', items: [{ lines: 3 }], strategy });
      expect((await e.waitForBatch(batch.id)).status).toBe('SUCCEEDED');
      const job = e.listJobs(batch.id, undefined, 1).items[0]!;
      const { lines, dropped } = e.jobLogs(job);
      expect(dropped).toBe(0);
      expect(lines.map((l) => `${l.level} ${l.message}`)).toEqual([
        'info line 0  {"i":0}',
        'info line 1  {"i":1}',
        'info line 2  {"i":2}',
        'progress half way',
        'warn about to finish',
        'progress nearly there',
      ]);
      expect(lines.every((l) => Math.abs(l.at - job.finishedAt!.getTime()) < 10_000)).toBe(true);
      // The progress message is kept after the job ended.
      expect(e.jobProgressMessage(job)).toBe('nearly there');
    }
  });

  it('bounds a job log to its last 200 lines or 64 KiB and counts the dropped ones', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'test.chatty', items: [{ lines: 500 }, { lines: 0 }] });
    await e.waitForBatch(batch.id);
    const [loud, quiet] = e.listJobs(batch.id, undefined, 2).items;
    const logs = e.jobLogs(loud!);
    expect(logs.lines).toHaveLength(200);
    expect(logs.lines.at(-1)!.message).toBe('nearly there');
    expect(logs.lines[0]!.message).toMatch(/^line 303 /); // 500 lines + 3 more = 503; the last 200 kept
    expect(logs.dropped).toBe(303);
    // A job that logs only its progress keeps only that.
    expect(e.jobLogs(quiet!).lines.map((l) => l.level)).toEqual(['progress', 'warn', 'progress']);

    // 64 KiB: 40 lines of 4,000 characters do not all fit.
    const wide = submitOk(e, { task: 'test.chatty', items: [{ lines: 40, width: 4_000 }] });
    await e.waitForBatch(wide.id);
    const wideJob = e.listJobs(wide.id, undefined, 1).items[0]!;
    const wideLogs = e.jobLogs(wideJob);
    const bytes = wideLogs.lines.reduce((n, l) => n + l.message.length, 0);
    expect(bytes).toBeLessThanOrEqual(64 * 1024);
    expect(wideLogs.lines.length + wideLogs.dropped).toBe(43);
    expect(wideLogs.dropped).toBeGreaterThan(0);
  });

  it('delivers live progress with its message from a CPU task that does not declare reportsProgress', async () => {
    const e = await engine();
    const seen: Array<{ fraction: number; message?: string | undefined }> = [];
    e.events.on('job:progress', (p) => seen.push({ fraction: p.fraction, message: p.message }));
    // holdMs keeps the job running after its reports, so they arrive while it runs (as a long task's would).
    const batch = submitOk(e, { task: 'test.chattyCpu', items: [{ lines: 0, holdMs: 300 }], strategy: { executor: 'THREADS' } });
    await waitFor(() => seen.length >= 2, { what: 'progress from the worker thread' });
    expect(seen).toEqual([
      { fraction: 0.5, message: 'half way' },
      { fraction: 0.9, message: 'nearly there' },
    ]);
    const running = e.listJobs(batch.id, undefined, 1).items[0]!;
    if (running.status === 'RUNNING') expect(e.jobProgressMessage(running)).toBe('nearly there');
    await e.waitForBatch(batch.id);
  });
});

describe('soft time limit of CPU jobs on worker threads', () => {
  it('fires ctx.signal at the timeout and lets the task clean up within the grace, then ends TIMED_OUT', async () => {
    const dir = tempDir();
    try {
      const e = await engine({ timeoutGraceMs: 5_000 });
      const marker = join(dir.path, 'tidy.txt');
      const batch = submitOk(e, { task: 'test.tidy', items: [{ marker }], timeoutMs: 300, maxAttempts: 1 });
      const done = await e.waitForBatch(batch.id);
      expect(done.counts.timedOut).toBe(1);
      // The synchronous loop saw the signal and cleaned up before its thread was terminated.
      expect(readFileSync(marker, 'utf8')).toMatch(/^cleaned up: Job timed out after 300 ms/);
      expect(e.listJobs(batch.id, undefined, 1).items[0]!.status).toBe('TIMED_OUT');
    } finally {
      dir.remove();
    }
  });

  it('terminates a task that ignores the signal once the grace has passed', async () => {
    const dir = tempDir();
    try {
      const e = await engine({ timeoutGraceMs: 200 });
      const marker = join(dir.path, 'never.txt');
      const batch = submitOk(e, { task: 'test.tidy', items: [{ marker, checkSignal: false }], timeoutMs: 300, maxAttempts: 1 });
      const done = await e.waitForBatch(batch.id);
      expect(done.counts.timedOut).toBe(1);
      // Killed at 300 + 200 ms, long before its 20 s loop would have written the marker.
      expect(existsSync(marker)).toBe(false);
      expect(done.finishedAt!.getTime() - done.startedAt!.getTime()).toBeLessThan(10_000);
    } finally {
      dir.remove();
    }
  });
});

describe('soft time limit of CPU jobs in child processes', () => {
  it('reads SWITCHYARD_TIMEOUT_GRACE_MS strictly, naming the variable when it is wrong', () => {
    expect(configFromEnv({}).timeoutGraceMs).toBeUndefined();
    expect(configFromEnv({ SWITCHYARD_TIMEOUT_GRACE_MS: '0' }).timeoutGraceMs).toBe(0);
    expect(configFromEnv({ SWITCHYARD_TIMEOUT_GRACE_MS: '2500' }).timeoutGraceMs).toBe(2_500);
    for (const bad of ['', '-1', '1.5', 'soon', '500ms']) {
      expect(() => configFromEnv({ SWITCHYARD_TIMEOUT_GRACE_MS: bad })).toThrow(
        /SWITCHYARD_TIMEOUT_GRACE_MS: expected a whole number of milliseconds/,
      );
    }
    expect(() => configFromEnv({ SWITCHYARD_TIMEOUT_GRACE_MS: '700000' })).toThrow(/SWITCHYARD_TIMEOUT_GRACE_MS: expected at most 600000 ms/);
  });

  it('passes timeoutGraceMs to PROCESSES: ctx.signal fires in the child at the timeout, the task cleans up, the job ends TIMED_OUT', async () => {
    const dir = tempDir();
    try {
      const e = await engine({ timeoutGraceMs: 5_000 });
      const marker = join(dir.path, 'tidy.txt');
      const batch = submitOk(e, {
        task: 'test.tidySlices',
        items: [{ marker }],
        timeoutMs: 300,
        maxAttempts: 1,
        strategy: { executor: 'PROCESSES' },
      });
      const done = await e.waitForBatch(batch.id);
      expect(done.counts.timedOut).toBe(1);
      expect(readFileSync(marker, 'utf8')).toMatch(/^cleaned up in \d+: Job timed out after 300 ms$/);
      expect(e.listJobs(batch.id, undefined, 1).items[0]!.status).toBe('TIMED_OUT');
    } finally {
      dir.remove();
    }
  });
});
