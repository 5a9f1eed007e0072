import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { submitOk, engineForEachTest, TEST_TASKS } from '../helpers/engine.ts';
import { tempDir } from '../helpers/temp.ts';

const engine = engineForEachTest();

/**
 * A task module that, when a worker thread imports it, appends "threadId loadedAtMs" to a file: the file then says
 * whether the pool has started, how many threads it has, and when each was ready.
 */
function threadRecorder(dir: string): { modulePath: string; loads: () => Array<{ threadId: number; at: number }> } {
  const log = join(dir, 'loads.txt');
  const modulePath = join(dir, 'recorder.mjs');
  writeFileSync(
    modulePath,
    [
      "import { appendFileSync } from 'node:fs';",
      "import { isMainThread, threadId } from 'node:worker_threads';",
      `if (!isMainThread) appendFileSync(${JSON.stringify(log)}, threadId + ' ' + Date.now() + '\\n');`,
      "export const t = { name: 'recorder.cpu', kind: 'cpu', description: '', timeoutMs: 5000, input: { safeParse: (v) => ({ success: true, data: v }) }, run: () => 1 };",
    ].join('\n'),
  );
  appendFileSync(log, '');
  const loads = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [threadId, at] = line.split(' ').map(Number);
            return { threadId: threadId!, at: at! };
          })
      : [];
  return { modulePath, loads };
}

describe('the worker-thread pool starts on first use', () => {
  it('starts no thread for I/O work, then warms every thread before the first CPU job runs', async () => {
    const dir = tempDir();
    try {
      const recorder = threadRecorder(dir.path);
      const e = await engine({ threads: 2, taskModules: [TEST_TASKS, recorder.modulePath] });
      const io = submitOk(e, { task: 'noop', items: [{}, {}, {}] });
      expect((await e.waitForBatch(io.id)).status).toBe('SUCCEEDED');
      expect(recorder.loads()).toEqual([]); // an I/O-only engine carries no worker isolate

      const cpu = submitOk(e, { task: 'recorder.cpu', items: Array.from({ length: 6 }, () => ({})) });
      expect(cpu.route.executor).toBe('THREADS');
      const done = await e.waitForBatch(cpu.id);
      expect(done.status).toBe('SUCCEEDED');
      const loads = recorder.loads();
      expect(new Set(loads.map((l) => l.threadId)).size).toBe(2);
      // No job paid for a cold start: every thread had loaded the task modules before the first job started.
      const firstStart = Math.min(...e.listJobs(cpu.id, undefined, 10).items.map((j) => j.startedAt!.getTime()));
      expect(firstStart).toBeGreaterThanOrEqual(Math.max(...loads.map((l) => l.at)));

      // A second CPU batch reuses the started pool: no thread is started again.
      const again = submitOk(e, { task: 'recorder.cpu', items: [{}, {}] });
      expect((await e.waitForBatch(again.id)).status).toBe('SUCCEEDED');
      expect(recorder.loads()).toHaveLength(loads.length);
    } finally {
      dir.remove();
    }
  });

  it('reports a not-yet-started pool as an idle lane with its full capacity', async () => {
    const e = await engine({ threads: 2 });
    const cpu = e.stats().lanes.find((l) => l.lane === 'cpu');
    expect(cpu).toMatchObject({ executor: 'THREADS', limit: 2, inFlight: 0, utilization: 0 });
  });
});
