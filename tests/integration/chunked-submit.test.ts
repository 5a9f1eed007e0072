import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { testEngine } from '../helpers/engine.ts';

/** Items are checked and inserted 4,096 at a time inside one transaction: these batches span several chunks. */
const ITEMS = 10_000;
const pbkdf2 = { password: 'p', salt: 's', iterations: 1 };

function countRows(dbPath: string): { batches: number; jobs: number } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const n = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { batches: n('batches'), jobs: n('jobs') };
  } finally {
    db.close();
  }
}

describe('a long submission is checked and inserted chunk by chunk, all or nothing', () => {
  it('stores every item in order with its defaults applied', async () => {
    const t = await testEngine();
    try {
      const items = Array.from({ length: ITEMS }, (_, i) => ({ ...pbkdf2, iterations: i + 1 }));
      const result = t.engine.submitBatch({ task: 'cpu.pbkdf2', items, runAt: new Date(Date.now() + 3_600_000) }); // held: not run
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.batch.total).toBe(ITEMS);
      const db = new Database(t.dbPath, { readonly: true });
      try {
        const rows = db.prepare(`select idx, input from jobs order by idx`).all() as Array<{ idx: number; input: string }>;
        expect(rows).toHaveLength(ITEMS);
        expect(rows.every((row, i) => row.idx === i && (JSON.parse(row.input) as { iterations: number }).iterations === i + 1)).toBe(true);
        expect(JSON.parse(rows[ITEMS - 1]!.input)).toMatchObject({ keylen: 32, digest: 'sha256' }); // the schema's defaults
      } finally {
        db.close();
      }
    } finally {
      await t.dispose();
    }
  });

  it('refuses a batch whose bad items lie in later chunks, naming the first and counting all, and writes nothing', async () => {
    const t = await testEngine();
    try {
      const items: unknown[] = Array.from({ length: ITEMS }, () => pbkdf2);
      items[5_000] = { ...pbkdf2, iterations: 0 }; // second chunk
      items[9_999] = { ...pbkdf2, salt: 7 }; // third chunk, after the first bad one
      const result = t.engine.submitBatch({ task: 'cpu.pbkdf2', items });
      expect(result).toMatchObject({
        ok: false,
        error: {
          kind: 'INVALID_ITEMS',
          items: [
            { index: 5_000, path: ['iterations'] },
            { index: 9_999, path: ['salt'] },
          ],
        },
      });
      if (result.ok) return;
      expect(result.error.message).toMatch(/^2 items do not match the input schema of cpu\.pbkdf2; first: items\[5000\]\.iterations: /);
      expect(countRows(t.dbPath)).toEqual({ batches: 0, jobs: 0 });
      // The engine is unharmed: the next submission goes through.
      expect(t.engine.submitBatch({ task: 'cpu.pbkdf2', items: [pbkdf2], runAt: new Date(Date.now() + 3_600_000) }).ok).toBe(true);
      expect(countRows(t.dbPath)).toEqual({ batches: 1, jobs: 1 });
    } finally {
      await t.dispose();
    }
  });

  it('checks a keyed submission whole before its key: a replay with a bad item is refused, not replayed', async () => {
    const t = await testEngine();
    try {
      const runAt = new Date(Date.now() + 3_600_000);
      const first = t.engine.submitBatch({ task: 'cpu.pbkdf2', items: [pbkdf2, pbkdf2], idempotencyKey: 'k', runAt });
      expect(first.ok).toBe(true);
      const bad = t.engine.submitBatch({ task: 'cpu.pbkdf2', items: [pbkdf2, { ...pbkdf2, iterations: -1 }], idempotencyKey: 'k', runAt });
      expect(bad).toMatchObject({ ok: false, error: { kind: 'INVALID_ITEMS', items: [{ index: 1, path: ['iterations'] }] } });
      expect(countRows(t.dbPath)).toEqual({ batches: 1, jobs: 2 });
    } finally {
      await t.dispose();
    }
  });
});
