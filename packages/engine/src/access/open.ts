import { openDatabase } from '../store/sqlite/database.ts';
import { KeyStore } from './keys.ts';

/** The key store of a database file, for the `keys` command: opened (and migrated) like the server opens it. */
export function openKeyStore(dbPath: string): { keys: KeyStore; close(): void } {
  const { sqlite } = openDatabase(dbPath);
  return { keys: new KeyStore(sqlite), close: () => sqlite.close() };
}
