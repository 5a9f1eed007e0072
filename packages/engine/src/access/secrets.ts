import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * A random secret kept in the database's `settings` table, made on first use. It lives with the data it protects:
 * ids encrypted with it stay valid across restarts, and a fresh database gets a fresh one.
 */
export function serverSecret(sqlite: Database.Database, name: string, bytes = 32): Buffer {
  sqlite.prepare(`insert into settings (key, value) values (?, ?) on conflict (key) do nothing`).run(name, randomBytes(bytes).toString('hex'));
  const row = sqlite.prepare(`select value from settings where key = ?`).get(name) as { value: string };
  return Buffer.from(row.value, 'hex');
}
