import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

export const ROLES = ['viewer', 'submitter', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a role may do, each role including the ones before it. */
const RANK: Record<Role, number> = { viewer: 0, submitter: 1, admin: 2 };

/** True when `role` may do what `needed` may. */
export function allows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** Who a request acts for. `keyId` is null in open mode, where there are no keys. */
export interface Principal {
  readonly team: string;
  readonly role: Role;
  readonly keyId: string | null;
}

export interface KeyInfo {
  readonly id: string;
  readonly team: string;
  readonly role: Role;
  readonly label: string | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface NewKey {
  readonly team: string;
  readonly role: Role;
  readonly label?: string | undefined;
}

/** Keys start with this, so a leaked one is recognisable (secret scanners, logs). */
export const KEY_PREFIX = 'sy_';
const TEAM_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
/** `lastUsedAt` is written at most this often per key: a request costs a read, not a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

interface KeyRow {
  id: number;
  public_id: string;
  role: Role;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  team: string;
}

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function toInfo(r: KeyRow): KeyInfo {
  return {
    id: r.public_id,
    team: r.team,
    role: r.role,
    label: r.label,
    createdAt: new Date(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : new Date(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at),
  };
}

export class KeyError extends Error {
  override readonly name = 'KeyError';
}

/**
 * Teams and their API keys, in the server's SQLite file. Only a key's SHA-256 is stored: a key is 32 random bytes,
 * so there is nothing to brute-force and a slow hash would only add latency to every request. Every check reads
 * the row, so a revoked key stops working at once, whichever process revoked it (the `keys` command runs beside
 * the server).
 */
export class KeyStore {
  readonly #sqlite: Database.Database;
  readonly #byHash: Database.Statement<[string], KeyRow>;
  readonly #touch: Database.Statement<[number, number]>;
  readonly #anyKey: Database.Statement<[], { n: number }>;
  /** Once a key has existed, auth stays required (revoking every key must not reopen the server). */
  #keysSeen = false;
  /** "No key yet" was read in this turn of the event loop (see anyKeyExists). */
  #askedThisTurn = false;

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    const select = `select k.id, k.public_id, k.role, k.label, k.created_at, k.last_used_at, k.revoked_at, t.name as team
      from api_keys k join teams t on t.id = k.team_id`;
    this.#byHash = sqlite.prepare(`${select} where k.key_hash = ?`);
    this.#touch = sqlite.prepare(`update api_keys set last_used_at = ? where id = ?`);
    this.#anyKey = sqlite.prepare(`select count(*) as n from (select 1 from api_keys limit 1)`);
  }

  /** Creates the team if needed and a key for it. The key is in the result and nowhere else. */
  create(input: NewKey, now = Date.now()): { key: string; info: KeyInfo } {
    if (!TEAM_NAME.test(input.team)) {
      throw new KeyError(
        `team: expected 1–63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit; got ${JSON.stringify(input.team)}`,
      );
    }
    if (!(ROLES as readonly string[]).includes(input.role))
      throw new KeyError(`role: expected one of ${ROLES.join(', ')}; got ${JSON.stringify(input.role)}`);
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const publicId = `key_${randomBytes(6).toString('hex')}`;
    this.#sqlite.transaction(() => {
      this.#sqlite.prepare(`insert into teams (name, created_at) values (?, ?) on conflict (name) do nothing`).run(input.team, now);
      this.#sqlite
        .prepare(`insert into api_keys (public_id, team_id, role, key_hash, label, created_at) select ?, id, ?, ?, ?, ? from teams where name = ?`)
        .run(publicId, input.role, hashOf(key), input.label ?? null, now, input.team);
    })();
    this.#keysSeen = true;
    const info = this.#sqlite
      .prepare(`select k.*, t.name as team from api_keys k join teams t on t.id = k.team_id where k.public_id = ?`)
      .get(publicId) as KeyRow;
    return { key, info: toInfo(info) };
  }

  /** Every key (of one team, if given), newest first; revoked keys included and marked. */
  list(team?: string): KeyInfo[] {
    const rows = this.#sqlite
      .prepare(
        `select k.id, k.public_id, k.role, k.label, k.created_at, k.last_used_at, k.revoked_at, t.name as team
         from api_keys k join teams t on t.id = k.team_id where (? is null or t.name = ?) order by k.id desc`,
      )
      .all(team ?? null, team ?? null) as KeyRow[];
    return rows.map(toInfo);
  }

  /** Revokes a key (only within `team`, when given). False when there is no such live key. */
  revoke(publicId: string, team?: string, now = Date.now()): boolean {
    const changed = this.#sqlite
      .prepare(
        `update api_keys set revoked_at = ? where public_id = ? and revoked_at is null
         and (? is null or team_id = (select id from teams where name = ?))`,
      )
      .run(now, publicId, team ?? null, team ?? null).changes;
    return changed === 1;
  }

  /** The principal a key stands for, or null for a missing, unknown or revoked key. */
  verify(key: string, now = Date.now()): Principal | null {
    if (!key.startsWith(KEY_PREFIX) || key.length > 128) return null;
    const row = this.#byHash.get(hashOf(key));
    if (!row || row.revoked_at !== null) return null;
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) this.#touch.run(now, row.id);
    return { team: row.team, role: row.role, keyId: row.public_id };
  }

  /** Whether any key was ever created (then every request needs one). Cheap once true. */
  anyKeyExists(): boolean {
    if (this.#keysSeen || this.#askedThisTurn) return this.#keysSeen;
    this.#keysSeen = (this.#anyKey.get()?.n ?? 0) > 0;
    if (!this.#keysSeen) {
      // A key may be created by another process (npm run keys) at any time, so "none yet" is asked again, but once
      // per turn of the event loop: one request asks several times (sign-in, context, roles, rate) within a turn.
      this.#askedThisTurn = true;
      setImmediate(() => (this.#askedThisTurn = false));
    }
    return this.#keysSeen;
  }
}
