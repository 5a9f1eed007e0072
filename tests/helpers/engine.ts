import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { createEngine, type Engine, type EngineOptions } from '@switchyard/engine';
import { tempDir } from './temp.ts';

export const TEST_TASKS = fileURLToPath(new URL('../fixtures/test-tasks.ts', import.meta.url));

/** An engine on a fresh SQLite file with the test tasks loaded. Always close it (the returned dispose does). */
export async function testEngine(options: Partial<EngineOptions> = {}): Promise<{ engine: Engine; dbPath: string; dispose: () => Promise<void> }> {
  const dir = tempDir();
  const dbPath = join(dir.path, 'test.db');
  const engine = await createEngine({ dbPath, logger: false, taskModules: [TEST_TASKS], ...options });
  return {
    engine,
    dbPath,
    dispose: async () => {
      try {
        await engine.close(2_000);
      } finally {
        dir.remove();
      }
    },
  };
}

/** Submits and fails the test at once if the submission was refused. */
export function submitOk(engine: Engine, input: Parameters<Engine['submitBatch']>[0]) {
  const result = engine.submitBatch(input);
  if (!result.ok) throw new Error(`submission refused: ${result.error.message}`);
  return result.batch;
}

/**
 * Gives each test its own engine: call the returned function in a test to make it (options over `defaults`);
 * it is closed and its database removed after that test.
 */
export function engineForEachTest(defaults: Partial<EngineOptions> = {}): (options?: Partial<EngineOptions>) => Promise<Engine> {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });
  return async (options = {}) => {
    const t = await testEngine({ ...defaults, ...options });
    dispose = t.dispose;
    return t.engine;
  };
}
