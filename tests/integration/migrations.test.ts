import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../packages/engine/src/store/sqlite/database.ts';
import { SqliteStore } from '../../packages/engine/src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/temp.ts';

const LEGACY_HISTORY = fileURLToPath(new URL('../fixtures/migrations/history-5f689e3', import.meta.url));
const silent = pino({ level: 'silent' });

interface Journal {
  entries: Array<{ idx: number; when: number; tag: string }>;
}
const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as Journal;

/** A migrations folder holding only the first `n` of today's migrations: the history as it stood then. */
function historyOf(n: number, into: string): string {
  const folder = join(into, `history-${n}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, n);
  for (const e of entries) cpSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

/** Builds a database as the code of that time did (drizzle's migrator, foreign keys on), with one batch of two jobs. */
function buildWith(history: string, dbPath: string): void {
  const sqlite = new Database(dbPath);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    migrate(drizzle(sqlite), { migrationsFolder: history });
    // Only the columns of the oldest schema.
    sqlite
      .prepare(
        `insert into batches (team, name, task, tag, status, total, queued, succeeded, route, rule, timeout_ms, max_attempts, backoff_ms, created_at)
         values ('default', 'old', 'noop', 'IO', 'RUNNING', 2, 1, 1, ?, 'io-moderate', 1000, 3, 200, 1)`,
      )
      .run(JSON.stringify({ lane: 'io', executor: 'ASYNC', concurrency: 10, rule: 'io-moderate', reason: 'old', phases: [] }));
    sqlite
      .prepare(
        `insert into jobs (batch_id, idx, status, input, queued_at, attempts) values (1, 0, 'SUCCEEDED', '{}', 1, 1), (1, 1, 'QUEUED', '{}', 1, 1)`,
      )
      .run();
    sqlite.prepare(`insert into job_attempts (job_id, attempt, status, error_code, error_message) values (2, 1, 'FAILED', 'FLAKY', 'once')`).run();
  } finally {
    sqlite.close();
  }
}

describe('migrations', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(() => {
    dir?.remove();
    dir = undefined;
  });

  const histories = [
    { name: 'the first committed history (0000_init before it was rewritten)', folder: () => LEGACY_HISTORY },
    ...journal.entries.map((e, i) => ({ name: `today's history up to ${e.tag}`, folder: (into: string) => historyOf(i + 1, into) })),
  ];

  for (const history of histories) {
    it(`takes a database built from ${history.name} forward, keeping its data`, async () => {
      dir = tempDir();
      const dbPath = join(dir.path, 'old.db');
      buildWith(history.folder(dir.path), dbPath);

      const store = new SqliteStore(dbPath, silent);
      try {
        expect(store.getBatch('1')).toMatchObject({ name: 'old', status: 'RUNNING', total: 2, counts: { queued: 1, succeeded: 1 } });
        expect(store.jobAttempts('2')).toMatchObject([{ attempt: 1, status: 'FAILED', error: { code: 'FLAKY' } }]);
        const next = store.insertBatch(
          {
            team: 'default',
            name: 'new',
            task: 'noop',
            tag: 'IO',
            timeoutMs: 1000,
            maxAttempts: 1,
            backoffMs: 0,
            background: false,
            createdAt: 2,
            route: { lane: 'io', executor: 'ASYNC', concurrency: 1, rule: 'io-moderate', reason: 'new', phases: [] },
          },
          [{}],
        );
        expect(next).toMatchObject({ created: true, batch: { id: '2', total: 1, counts: { queued: 1 } } });
      } finally {
        await store.close();
      }

      const sqlite = new Database(dbPath);
      try {
        const ledger = sqlite.prepare('select created_at from __drizzle_migrations order by created_at').all() as Array<{ created_at: number }>;
        expect(ledger.map((r) => Number(r.created_at))).toEqual(journal.entries.map((e) => e.when));
        // Retention deletes whole batches: their jobs and attempts go with them.
        sqlite.pragma('foreign_keys = ON');
        sqlite.prepare('delete from batches where id = 1').run();
        expect(sqlite.prepare('select count(*) as n from jobs where batch_id = 1').get()).toEqual({ n: 0 });
        expect(sqlite.prepare('select count(*) as n from job_attempts').get()).toEqual({ n: 0 });
      } finally {
        sqlite.close();
      }
    });
  }
});
