import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/child-process.ts';
import { tempDir } from '../helpers/temp.ts';

const run = promisify(execFile);
let dir: ReturnType<typeof tempDir> | undefined;

afterEach(() => {
  dir?.remove();
  dir = undefined;
});

describe('closing the engine in a process with nothing else to do', () => {
  it('returns from a top-level await engine.close() after the last checkpoint, and leaves no WAL behind', async () => {
    dir = tempDir();
    const dbPath = join(dir.path, 'close.db');
    // Before the fix the checkpoint thread was unreferenced while close() waited for it: the event loop emptied,
    // and Node ended the script with exit code 13 (a top-level await that never settled), "closed" unprinted.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/fixtures/close-engine.ts', dbPath], {
      cwd: REPO_ROOT,
      timeout: 60_000,
    });
    expect(stdout.trim()).toBe('closed');
    // The last connection to close (the checkpoint thread's) checkpointed everything and removed the WAL.
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare(`select status, count(*) n from jobs group by status`).all()).toEqual([{ status: 'SUCCEEDED', n: 3 }]);
    } finally {
      db.close();
    }
  });
});
