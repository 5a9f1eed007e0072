import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../schema.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../../../drizzle', import.meta.url));

export type Db = BetterSQLite3Database<typeof schema>;

/** The open database: the raw better-sqlite3 handle for prepared statements, and drizzle over it for typed rows. */
export interface SqliteDatabase {
  readonly sqlite: Database.Database;
  readonly db: Db;
}

/**
 * `0000_init` was rewritten in place once (it dropped an index) before later migrations were added, so a database
 * created from the first history has the old file's timestamp in drizzle's ledger. drizzle applies every migration
 * newer than the last one recorded, and would run `0000_init` again on it ("table batches already exists"). The
 * repair makes that database what the current `0000_init` creates and records it as applied. Never edit a landed
 * migration: this is what it costs.
 */
const REWRITTEN_INIT = {
  legacyCreatedAt: 1_795_326_206_634,
  createdAt: 1_795_327_273_520,
  hash: '14dde70603f778ec6d1001d7cf525e523b41fc7eb6f57fa1c77586de5801db4d',
  legacyIndex: 'jobs_batch_status_idx',
};

function repairRewrittenInit(sqlite: Database.Database): void {
  const ledger = sqlite.prepare(`select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'`).get();
  if (!ledger) return;
  const legacy = sqlite.prepare(`select id from __drizzle_migrations where created_at = ?`).get(REWRITTEN_INIT.legacyCreatedAt);
  if (!legacy) return;
  sqlite.transaction(() => {
    sqlite.exec(`drop index if exists ${REWRITTEN_INIT.legacyIndex}`);
    sqlite
      .prepare(`update __drizzle_migrations set hash = ?, created_at = ? where created_at = ?`)
      .run(REWRITTEN_INIT.hash, REWRITTEN_INIT.createdAt, REWRITTEN_INIT.legacyCreatedAt);
  })();
}

const AUTO_VACUUM_INCREMENTAL = 2;
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Retention deletes rows, and SQLite keeps freed pages in the file unless auto-vacuum is on; in INCREMENTAL mode the
 * sweeper hands them back in small steps (`PRAGMA incremental_vacuum(N)`, store/sqlite/retention.ts). The mode can
 * only change on an empty file or through a full VACUUM, so a database created before it was set (auto_vacuum
 * NONE) is rewritten once, here, at open: a one-off cost that grows with the file (a slower first start after the
 * upgrade). VACUUM cannot run inside a transaction, and nothing else is open yet.
 */
function enableIncrementalVacuum(sqlite: Database.Database): void {
  if (sqlite.pragma('auto_vacuum', { simple: true }) === AUTO_VACUUM_INCREMENTAL) return;
  if (sqlite.name === ':memory:') return;
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  sqlite.exec('VACUUM');
}

/**
 * Opens (creating it if needed) and migrates the SQLite file. Foreign keys are off while migrating: a migration
 * that changes a foreign key rebuilds its table (SQLite cannot alter one), and the PRAGMA drizzle-kit writes for it
 * is a no-op inside the migrator's transaction. They are checked once it is done and stay on from then on.
 */
export function openDatabase(path: string, migrationsFolder = MIGRATIONS_FOLDER): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    // Before anything writes the file: a new database is created with incremental auto-vacuum at once.
    sqlite.pragma('auto_vacuum = INCREMENTAL');
    sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a crash of this process (the case we promise); an OS crash may lose
    // the last transactions. FULL would fsync every group commit.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    // After a checkpoint the WAL is cut back to this size: one large submission must not leave a WAL that big for good.
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    sqlite.pragma('foreign_keys = OFF');
    const db = drizzle(sqlite, { schema });
    repairRewrittenInit(sqlite);
    migrate(db, { migrationsFolder });
    const broken = sqlite.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`The database has ${broken.length} rows whose parent is missing (PRAGMA foreign_key_check)`);
    sqlite.pragma('foreign_keys = ON');
    enableIncrementalVacuum(sqlite);
    return { sqlite, db };
  } catch (error: unknown) {
    sqlite.close();
    throw error;
  }
}
