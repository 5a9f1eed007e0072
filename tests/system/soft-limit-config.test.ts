/**
 * SWITCHYARD_TIMEOUT_GRACE_MS from the environment to the child processes: read by configFromEnv, passed by
 * startServer to the engine, and on to the PROCESSES lane. A real server on loopback with a real SQLite file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../apps/api/src/config.ts';
import { startServer } from '../../apps/api/src/server.ts';
import { submitOk, TEST_TASKS } from '../helpers/engine.ts';
import { tempDir } from '../helpers/temp.ts';

describe('SWITCHYARD_TIMEOUT_GRACE_MS', () => {
  it('reaches the PROCESSES lane: with 0 a timed-out child is killed at once, before the task can clean up', async () => {
    const dir = tempDir();
    const config = configFromEnv({
      PORT: '0',
      SWITCHYARD_DB: join(dir.path, 'api.db'),
      SWITCHYARD_TASKS: TEST_TASKS,
      SWITCHYARD_WEB_DIR: join(dir.path, 'no-dashboard'),
      SWITCHYARD_PROCESSES: '1',
      SWITCHYARD_MAX_LOOP_DELAY_MS: '60000',
      SWITCHYARD_TIMEOUT_GRACE_MS: '0',
    });
    const server = await startServer(config);
    try {
      const marker = join(dir.path, 'tidy.txt');
      // With the default grace (500 ms) this task, which yields every 5 ms, would see ctx.signal and write the marker.
      const batch = submitOk(server.engine, {
        task: 'test.tidySlices',
        items: [{ marker }],
        timeoutMs: 300,
        maxAttempts: 1,
        strategy: { executor: 'PROCESSES' },
      });
      const done = await server.engine.waitForBatch(batch.id);
      expect(done.counts.timedOut).toBe(1);
      expect(existsSync(marker)).toBe(false);
    } finally {
      await server.close(2_000);
      dir.remove();
    }
  });
});
