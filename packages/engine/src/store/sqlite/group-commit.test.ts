import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

const silent = pino({ level: 'silent' });

describe('GroupCommit', () => {
  let dir: string;
  let sqlite: Database.Database;
  let group: GroupCommit;
  const rows = () => (sqlite.prepare('select v from t order by rowid').all() as Array<{ v: string }>).map((r) => r.v);
  const insert = (v: string) => () => void sqlite.prepare('insert into t (v) values (?)').run(v);
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    sqlite = new Database(join(dir, 'g.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec('create table t (v text not null)');
    group = new GroupCommit(sqlite, silent);
  });

  afterEach(() => {
    group.close();
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits what was queued during one turn of the event loop at the next turn, in queued order', async () => {
    group.enqueue(insert('a'));
    group.enqueue(insert('b'));
    expect(rows()).toEqual([]);
    await nextTurn();
    expect(rows()).toEqual(['a', 'b']);
  });

  it('writes one group in one transaction: a failing write rolls back the whole group', () => {
    const inTransaction: boolean[] = [];
    group.enqueue(() => {
      insert('a')();
      inTransaction.push(sqlite.inTransaction);
    });
    group.enqueue(() => {
      throw new Error('disk full');
    });
    expect(() => group.flush()).toThrow('disk full');
    expect(inTransaction).toEqual([true]);
    expect(rows()).toEqual([]);
  });

  it('runs onCommit hooks inside the transaction, after the writes, once per commit', () => {
    const seen: string[][] = [];
    group.onCommit(() => seen.push([...rows(), sqlite.inTransaction ? 'in-tx' : 'outside']));
    group.enqueue(insert('a'));
    group.enqueue(insert('b'));
    group.flush();
    group.flush(); // nothing queued: no transaction, no hook
    expect(seen).toEqual([['a', 'b', 'in-tx']]);
  });

  it('runs afterCommit callbacks once the writes before them are visible to another connection', () => {
    const reader = new Database(join(dir, 'g.db'), { readonly: true });
    try {
      const seenByReader: unknown[] = [];
      group.enqueue(insert('a'));
      group.afterCommit(() => seenByReader.push(reader.prepare('select count(*) as n from t').get()));
      group.flush();
      expect(seenByReader).toEqual([{ n: 1 }]);
    } finally {
      reader.close();
    }
  });

  it('keeps running the other afterCommit callbacks when one throws', () => {
    const ran: string[] = [];
    group.afterCommit(() => {
      throw new Error('listener bug');
    });
    group.afterCommit(() => ran.push('second'));
    group.flush();
    expect(ran).toEqual(['second']);
  });

  it('replaces a queued write in its own slot, and a new generation starts at every flush', () => {
    group.enqueue(insert('a'));
    const slot = group.enqueue(insert('b'));
    group.enqueue(insert('c'));
    const generation = group.generation;
    group.replace(slot, insert('B'));
    group.flush();
    expect(rows()).toEqual(['a', 'B', 'c']);
    expect(group.generation).toBe(generation + 1);
    expect(() => group.replace(slot, insert('late'))).toThrow(/No queued write/);
  });

  it('runs beforeFlush hooks at an explicit flush (and on close), never at the scheduled commit', async () => {
    const held = ['x'];
    group.beforeFlush(() => {
      for (const v of held.splice(0)) group.enqueue(insert(v));
    });
    group.enqueue(insert('a'));
    await nextTurn();
    expect(rows()).toEqual(['a']);
    group.flush();
    expect(rows()).toEqual(['a', 'x']);
    held.push('y');
    group.close();
    expect(rows()).toEqual(['a', 'x', 'y']);
  });

  it('commits what is queued on close, then refuses writes', () => {
    group.enqueue(insert('a'));
    group.close();
    expect(rows()).toEqual(['a']);
    expect(() => group.enqueue(insert('b'))).toThrow('Store is closed');
  });
});
