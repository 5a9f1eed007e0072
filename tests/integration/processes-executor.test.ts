import { pbkdf2Sync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobCancelledError, JobTimeoutError, TaskFailedError, WorkerCrashedError } from '../../packages/engine/src/errors.ts';
import type { ExecRequest } from '../../packages/engine/src/executors/executor.ts';
import { ProcessExecutor, type ProcessExecutorOptions } from '../../packages/engine/src/executors/processes.ts';
import { createTaskRegistry, type TaskRegistry } from '../../packages/engine/src/tasks/registry.ts';
import { TEST_TASKS } from '../helpers/engine.ts';
import { tempDir, waitFor } from '../helpers/temp.ts';

const PROCESS_TASKS = fileURLToPath(new URL('../fixtures/process-tasks.ts', import.meta.url));

let registry: TaskRegistry;
beforeAll(async () => {
  registry = await createTaskRegistry([TEST_TASKS, PROCESS_TASKS]);
});

const executors: ProcessExecutor[] = [];
afterEach(async () => {
  const open = executors.splice(0);
  await Promise.all(open.map((executor) => executor.close(2_000)));
});

function executor(options: ProcessExecutorOptions = {}): ProcessExecutor {
  const created = new ProcessExecutor(registry, { processes: 1, ...options });
  executors.push(created);
  return created;
}

let jobs = 0;
function request(task: string, input: unknown, extra: Partial<ExecRequest> = {}): ExecRequest {
  return { jobId: `job-${++jobs}`, attempt: 1, task, phase: 'run', input, signal: new AbortController().signal, ...extra };
}

type Whoami = { pid: number; ppid: number };
const whoami = async (e: ProcessExecutor) => (await e.run(request('proc.whoami', {}))) as Whoami;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

describe('ProcessExecutor', () => {
  it('runs a CPU task in a child process and returns its result', async () => {
    const e = executor({ processes: 2 });
    const input = { password: 'hunter2', salt: 'NaCl', iterations: 20_000, keylen: 32, digest: 'sha256' as const };
    const result = (await e.run(request('cpu.pbkdf2', input))) as { hex: string };
    expect(result.hex).toBe(pbkdf2Sync('hunter2', 'NaCl', 20_000, 32, 'sha256').toString('hex'));

    const me = await whoami(e);
    expect(me.pid).not.toBe(process.pid);
    expect(me.ppid).toBe(process.pid);
    expect(e.pids).toContain(me.pid);
    expect(e.kind).toBe('PROCESSES');
  });

  it('warms every process up, then reports how busy the child was for a job', async () => {
    const e = executor({ processes: 2 });
    expect(await e.warmUp()).toBe(2);
    const pids = e.pids;
    // warm-ups are not jobs: they do not count towards recycling
    expect(e.recycles).toBe(0);
    const usage: Array<{ busyMs?: number }> = [];
    const started = performance.now();
    await e.run(request('cpu.fib', { n: 27 }, { onUsage: (u) => usage.push(u) }));
    const wall = performance.now() - started;
    expect(usage).toHaveLength(1);
    expect(usage[0]!.busyMs).toBeGreaterThan(0);
    expect(usage[0]!.busyMs).toBeLessThanOrEqual(wall);
    expect(e.pids).toEqual(pids);
  });

  it("returns a task's thrown error as a TaskFailedError with the task's code", async () => {
    const e = executor();
    const { pid } = await whoami(e);
    const failure = await e.run(request('test.broken', { message: 'bad input' })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TaskFailedError);
    expect(failure).toMatchObject({ code: 'BROKEN', message: 'bad input' });
    // a task's failure is data: the process that ran it lives on
    expect((await whoami(e)).pid).toBe(pid);
  });

  it('reports progress through the IPC channel', async () => {
    const e = executor();
    const fractions: number[] = [];
    const result = await e.run(request('cpu.primes', { limit: 2_000_000 }, { onProgress: (fraction) => fractions.push(fraction) }));
    expect(result).toEqual({ count: 148_933 });
    expect(fractions.length).toBeGreaterThan(5);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it('without a grace, kills a runaway job on abort, rejects with the reason at once, and runs the next job', async () => {
    const e = executor({ graceMs: 0 });
    const { pid } = await whoami(e); // warm: the child has loaded the task modules
    const controller = new AbortController();
    const reason = new JobTimeoutError(300);
    const running = e.run(request('cpu.fib', { n: 60 }, { signal: controller.signal }));
    await waitFor(() => e.stats().running === 1, { what: 'the job to run' });
    const timer = setTimeout(() => controller.abort(reason), 300);
    let abortedAt = 0;
    controller.signal.addEventListener('abort', () => (abortedAt = performance.now()));
    try {
      await expect(running).rejects.toBe(reason);
    } finally {
      clearTimeout(timer);
    }
    expect(performance.now() - abortedAt).toBeLessThan(250);
    await waitFor(() => !alive(pid), { timeoutMs: 3_000, what: `process ${pid} to be killed` });

    const next = await whoami(e);
    expect(next.pid).not.toBe(pid);
    expect(e.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('on a timeout fires ctx.signal in the child, lets the task clean up within the grace, and rejects with the timeout', async () => {
    const dir = tempDir();
    try {
      const e = executor({ graceMs: 10_000 });
      const { pid } = await whoami(e);
      const marker = join(dir.path, 'tidy.txt');
      const controller = new AbortController();
      const running = e.run(request('test.tidySlices', { marker }, { signal: controller.signal }));
      await waitFor(() => e.stats().running === 1, { what: 'the job to run' });
      const reason = new JobTimeoutError(300);
      controller.abort(reason);
      await expect(running).rejects.toBe(reason);
      // The task returned within its grace (10 s): it saw the timeout, cleaned up, and its process lives on.
      expect(readFileSync(marker, 'utf8')).toBe(`cleaned up in ${pid}: Job timed out after 300 ms`);
      expect(alive(pid)).toBe(true);
      expect((await whoami(e)).pid).toBe(pid);
    } finally {
      dir.remove();
    }
  });

  it('on a cancel fires ctx.signal in the child with the cancel as its reason', async () => {
    const dir = tempDir();
    try {
      const e = executor({ graceMs: 10_000 });
      await whoami(e);
      const marker = join(dir.path, 'tidy.txt');
      const controller = new AbortController();
      const running = e.run(request('test.tidySlices', { marker }, { signal: controller.signal }));
      await waitFor(() => e.stats().running === 1, { what: 'the job to run' });
      controller.abort(new JobCancelledError());
      await expect(running).rejects.toBeInstanceOf(JobCancelledError);
      expect(readFileSync(marker, 'utf8')).toMatch(/^cleaned up in \d+: Job was cancelled$/);
    } finally {
      dir.remove();
    }
  });

  it('kills a task that ignores ctx.signal once the grace has passed, and replaces its process', async () => {
    const dir = tempDir();
    try {
      const e = executor({ graceMs: 200 });
      const { pid } = await whoami(e);
      const marker = join(dir.path, 'never.txt');
      const controller = new AbortController();
      const running = e.run(request('test.tidySlices', { marker, checkSignal: false }, { signal: controller.signal }));
      await waitFor(() => e.stats().running === 1, { what: 'the job to run' });
      const reason = new JobTimeoutError(300);
      controller.abort(reason);
      await expect(running).rejects.toBe(reason);
      await waitFor(() => !alive(pid), { timeoutMs: 3_000, what: `process ${pid} to be killed` });
      // Killed long before its 20 s loop would have written the marker; the next job runs in a new process.
      expect(existsSync(marker)).toBe(false);
      expect((await whoami(e)).pid).not.toBe(pid);
    } finally {
      dir.remove();
    }
  });

  it('rejects a job that is queued behind a busy process when it is cancelled, without touching the busy one', async () => {
    const e = executor();
    const { pid } = await whoami(e);
    const busy = new AbortController();
    const running = e.run(request('cpu.fib', { n: 60 }, { signal: busy.signal }));
    const queued = new AbortController();
    const waiting = e.run(request('proc.whoami', {}, { signal: queued.signal }));
    await waitFor(() => e.stats().queued === 1, { what: 'a queued job' });
    const reason = new JobCancelledError();
    queued.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(alive(pid)).toBe(true);
    busy.abort(new JobCancelledError());
    await expect(running).rejects.toBeInstanceOf(JobCancelledError);
  });

  it('rejects with WorkerCrashedError when a task ends its process, and the next job still runs', async () => {
    const e = executor();
    const { pid } = await whoami(e);
    const crash = await e.run(request('proc.exit', { code: 1 })).catch((error: unknown) => error);
    expect(crash).toBeInstanceOf(WorkerCrashedError);
    expect(crash).toMatchObject({ code: 'WORKER_CRASHED' });
    expect(alive(pid)).toBe(false);
    const next = await whoami(e);
    expect(next.pid).not.toBe(pid);
  });

  it('replaces a process that dies while idle (killed, OOM) and keeps running jobs', async () => {
    const e = executor();
    const { pid } = await whoami(e);
    process.kill(pid, 'SIGKILL');
    await waitFor(() => e.pids.length === 1 && !e.pids.includes(pid), { what: 'a replacement process' });
    expect((await whoami(e)).pid).not.toBe(pid);
  });

  it('fails jobs at once, not never, when no child can start', async () => {
    // A task module that loads in the server but throws in a child (tinypool sets TINYPOOL_WORKER_ID there).
    const dir = tempDir();
    try {
      const path = join(dir.path, 'child-hostile.mjs');
      writeFileSync(
        path,
        [
          "if (process.env.TINYPOOL_WORKER_ID) throw new Error('this module refuses to load in a child');",
          "export const t = { name: 'hostile.t', kind: 'cpu', description: '', timeoutMs: 1000, input: { safeParse: (v) => ({ success: true, data: v }) }, run: () => 1 };",
        ].join('\n'),
      );
      const e = new ProcessExecutor(await createTaskRegistry([path]), { processes: 1 });
      executors.push(e);
      for (let i = 0; i < 3; i++) {
        // without a signal that could end it: each job must settle on its own
        await expect(e.run(request('noop', {}))).rejects.toBeInstanceOf(WorkerCrashedError);
      }
    } finally {
      dir.remove();
    }
  });

  it('recycles a process after N tasks', async () => {
    const e = executor({ recycleAfterTasks: 3 });
    const pids: number[] = [];
    for (let i = 0; i < 7; i++) pids.push((await whoami(e)).pid);
    expect(pids[1]).toBe(pids[0]);
    expect(pids[2]).toBe(pids[0]);
    expect(pids[3]).not.toBe(pids[0]);
    expect(pids.slice(4, 6)).toEqual([pids[3], pids[3]]);
    expect(pids[6]).not.toBe(pids[3]);
    expect(e.recycles).toBe(2);
    expect(alive(pids[0]!)).toBe(false); // a recycled job's result arrives after its old process has exited
  });

  it('gives every task a fresh process with recycleAfterTasks: 1', async () => {
    const e = executor({ recycleAfterTasks: 1 });
    const pids: number[] = [];
    for (let i = 0; i < 3; i++) pids.push((await whoami(e)).pid);
    expect(new Set(pids).size).toBe(3);
  });

  it('recycles a process whose RSS is above maxMemoryBytes after a task', async () => {
    const e = executor({ maxMemoryBytes: 400 * 1024 * 1024 });
    const first = await whoami(e);
    expect((await whoami(e)).pid).toBe(first.pid); // a fresh child is well under 400 MiB
    const leaky = (await e.run(request('proc.leak', { mb: 450 }))) as { pid: number };
    expect(leaky.pid).toBe(first.pid);
    expect(alive(first.pid)).toBe(false);
    expect((await whoami(e)).pid).not.toBe(first.pid);
    expect(e.recycles).toBe(1);
  });

  it('close() within its deadline stops a runaway job and leaves no child process', async () => {
    const e = executor({ processes: 2 });
    await Promise.all([whoami(e), whoami(e)]);
    const running = e.run(request('cpu.fib', { n: 60 }));
    const outcome = running.catch((error: unknown) => error);
    await waitFor(() => e.stats().running === 1, { what: 'the job to run' });
    const pids = e.pids;
    expect(pids).toHaveLength(2);
    const started = performance.now();
    await e.close(300);
    // the deadline, then SIGTERM and the exits: well under the deadline plus tinypool's 1 s SIGKILL grace
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(await outcome).toBeInstanceOf(WorkerCrashedError);
    for (const pid of pids) expect(alive(pid), `process ${pid}`).toBe(false);
    await expect(e.run(request('proc.whoami', {}))).rejects.toThrow(/closed/);
  });

  it('close() waits for running jobs that finish within the deadline', async () => {
    const e = executor();
    await whoami(e);
    const [pid] = e.pids;
    const running = e.run(request('cpu.fib', { n: 25 }));
    await e.close(10_000);
    await expect(running).resolves.toEqual({ value: 75_025 });
    expect(alive(pid!)).toBe(false);
  });

  it('validates its options', () => {
    expect(() => new ProcessExecutor(registry, { processes: 0 })).toThrow('Expected `processes` to be a positive integer, got `0`');
    expect(() => new ProcessExecutor(registry, { recycleAfterTasks: 1.5 })).toThrow(
      'Expected `recycleAfterTasks` to be a positive integer, got `1.5`',
    );
    expect(() => new ProcessExecutor(registry, { maxMemoryBytes: -1 })).toThrow('Expected `maxMemoryBytes` to be a positive integer, got `-1`');
    expect(() => new ProcessExecutor(registry, { idleTimeoutMs: -5 })).toThrow('Expected `idleTimeoutMs` to be a non-negative integer, got `-5`');
    expect(() => new ProcessExecutor(registry, { graceMs: -1 })).toThrow('Expected `graceMs` to be a non-negative integer, got `-1`');
  });
});
