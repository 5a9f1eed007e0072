import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { submitOk, engineForEachTest, TEST_TASKS } from '../helpers/engine.ts';

const PROCESS_TASKS = fileURLToPath(new URL('../fixtures/process-tasks.ts', import.meta.url));

const engine = engineForEachTest({ threads: 2, processes: 2, taskModules: [TEST_TASKS, PROCESS_TASKS] });

describe('isolation in child processes (PROCESSES)', () => {
  it('routes a batch that asks for isolation to child processes, not the server process', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'proc.whoami', items: [{}, {}, {}], isolate: true });
    expect(batch.route).toMatchObject({ rule: 'isolated', executor: 'PROCESSES', lane: 'processes' });
    const done = await e.waitForBatch(batch.id);
    expect(done.status).toBe('SUCCEEDED');
    const pids = e.listJobs(batch.id, undefined, 3).items.map((j) => j.result as { pid: number; ppid: number });
    for (const { pid, ppid } of pids) {
      expect(pid).not.toBe(process.pid);
      expect(ppid).toBe(process.pid);
    }
    const first = e.listJobs(batch.id, undefined, 1).items[0]!;
    expect(first.executor).toBe('PROCESSES');
    // the processes started while the jobs waited: start-up is waiting time, not the job's run time
    expect(first.finishedAt!.getTime() - first.startedAt!.getTime()).toBeLessThan(first.startedAt!.getTime() - first.queuedAt.getTime());
  });

  it('survives a task that kills its process: that job fails, the others and the next batch run', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'proc.exit', items: [{ code: 3 }], strategy: { executor: 'PROCESSES' } });
    const done = await e.waitForBatch(batch.id);
    expect(done.counts.failed).toBe(1);
    expect(e.listJobs(batch.id, undefined, 1).items[0]!.error).toMatchObject({ code: 'WORKER_CRASHED' });
    const next = await e.waitForBatch(submitOk(e, { task: 'cpu.fib', items: [{ n: 20 }], strategy: { executor: 'PROCESSES', concurrency: 1 } }).id);
    expect(next.status).toBe('SUCCEEDED');
    expect(e.listJobs(next.id, undefined, 1).items[0]!.result).toEqual({ value: 6765 });
  });

  it('enforces timeouts in a child process by stopping it', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'cpu.fib', items: [{ n: 60 }], timeoutMs: 400, strategy: { executor: 'PROCESSES' } });
    const done = await e.waitForBatch(batch.id);
    expect(done.counts.timedOut).toBe(1);
    // fib(60) runs for days: the attempt ended soon after its 400 ms (its own run time: the test's wall time also
    // holds a cold child process's start, several seconds on a loaded machine).
    const job = e.listJobs(batch.id, undefined, 1).items[0]!;
    expect(job).toMatchObject({ status: 'TIMED_OUT', error: { code: 'TIMEOUT' } });
    expect(job.finishedAt!.getTime() - job.startedAt!.getTime()).toBeLessThan(5_000);
  });
});
