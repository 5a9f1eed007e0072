import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkItemOutcome, ChunkRequest } from '../../packages/engine/src/executors/executor.ts';
import { ProcessExecutor, type ProcessExecutorOptions } from '../../packages/engine/src/executors/processes.ts';
import { createTaskRegistry, type TaskRegistry } from '../../packages/engine/src/tasks/registry.ts';
import { engineForEachTest, submitOk, TEST_TASKS } from '../helpers/engine.ts';

const PROCESS_TASKS = fileURLToPath(new URL('../fixtures/process-tasks.ts', import.meta.url));

let registry: TaskRegistry;
beforeAll(async () => {
  registry = await createTaskRegistry([TEST_TASKS, PROCESS_TASKS]);
});

const executors: ProcessExecutor[] = [];
afterEach(async () => {
  await Promise.all(executors.splice(0).map((executor) => executor.close(2_000)));
});

function executor(options: ProcessExecutorOptions = {}): ProcessExecutor {
  const created = new ProcessExecutor(registry, { processes: 1, ...options });
  executors.push(created);
  return created;
}

function chunk(task: string, inputs: unknown[], signal = new AbortController().signal): ChunkRequest {
  return { task, inputs, jobIds: inputs.map((_, i) => `job-${i}`), signal };
}

const values = (outcomes: ChunkItemOutcome[]) => outcomes.map((o) => (o.ok ? o.value : o.error.code));
const pidsOf = (outcomes: ChunkItemOutcome[]) => outcomes.map((o) => (o.ok ? (o.value as { pid: number }).pid : -1));

describe('ProcessExecutor runs chunks (many jobs in one message to a child process)', () => {
  it('runs every job of a chunk in one child, each with its own result or error, and stops a chunk whose signal aborts', async () => {
    const e = executor();
    expect(values(await e.runChunk(chunk('cpu.fib', [{ n: 5 }, { n: 6 }, { n: 7 }])))).toEqual([{ value: 5 }, { value: 8 }, { value: 13 }]);
    const failed = await e.runChunk(chunk('test.broken', [{ message: 'one' }, { message: 'two' }]));
    expect(failed.map((o) => (o.ok ? null : [o.error.code, o.error.message]))).toEqual([
      ['BROKEN', 'one'],
      ['BROKEN', 'two'],
    ]);
    const pids = pidsOf(await e.runChunk(chunk('proc.whoami', [{}, {}, {}])));
    expect(new Set(pids).size).toBe(1);
    expect(pids[0]).not.toBe(process.pid);
    const controller = new AbortController();
    const running = e.runChunk(chunk('cpu.fib', [{ n: 45 }, { n: 45 }], controller.signal));
    controller.abort(new Error('stop the chunk'));
    await expect(running).rejects.toThrow('stop the chunk');
  });

  it('still gives every job its own process with recycleAfterTasks: 1', async () => {
    const pids = pidsOf(await executor({ recycleAfterTasks: 1 }).runChunk(chunk('proc.whoami', [{}, {}])));
    expect(new Set(pids).size).toBe(2);
  });

  it('counts every job of a chunk towards recycling', async () => {
    const e = executor({ recycleAfterTasks: 2 });
    const [first] = pidsOf(await e.runChunk(chunk('proc.whoami', [{}, {}])));
    const [next] = pidsOf(await e.runChunk(chunk('proc.whoami', [{}])));
    expect(next).not.toBe(first);
    expect(e.recycles).toBe(1);
  });
});

describe('a forced PROCESSES strategy on a data batch', () => {
  const engine = engineForEachTest({ processes: 1, routing: { dataBatchItems: 300, chunkSize: 100 } });

  it('runs in chunks of the table’s size and keeps every result per job', async () => {
    const e = await engine();
    const items = Array.from({ length: 350 }, (_, i) => ({ n: 5 + (i % 3) }));
    const batch = submitOk(e, { task: 'cpu.fib', items, strategy: { executor: 'PROCESSES' } });
    expect(batch.route).toMatchObject({ rule: 'override', executor: 'PROCESSES' });
    expect(batch.route.phases[0]!.chunkSize).toBe(100);
    expect(batch.route.reason).toContain('100 jobs per message');
    const done = await e.waitForBatch(batch.id);
    expect(done.counts.succeeded).toBe(350);
    expect(e.listJobs(batch.id, undefined, 3).items.map((j) => j.result)).toEqual([{ value: 5 }, { value: 8 }, { value: 13 }]);
  });
});
