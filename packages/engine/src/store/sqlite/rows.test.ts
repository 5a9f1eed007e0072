import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as schema from '../schema.ts';
import { openDatabase } from './database.ts';
import { plainRowsOf } from './rows.ts';

describe('plainRowsOf', () => {
  let dir: string;
  let opened: ReturnType<typeof openDatabase>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plain-rows-'));
    opened = openDatabase(join(dir, 'db.sqlite'));
  });

  afterEach(() => {
    opened.sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads batch and job rows exactly as drizzle does: names, booleans, nulls and numbers', () => {
    const { sqlite, db } = opened;
    const now = Date.now();
    const base = {
      task: 'noop',
      tag: 'IO',
      status: 'RUNNING',
      total: 2,
      route: '{}',
      rule: 'io',
      timeoutMs: 10,
      maxAttempts: 1,
      backoffMs: 0,
    } as const;
    // One batch with every boolean set and optional columns filled, one with the defaults and nulls.
    db.insert(schema.batches)
      .values({
        ...base,
        name: 'full',
        background: true,
        autoReroute: true,
        failFast: true,
        paused: true,
        concurrency: 3,
        idleMs: 1.5,
        createdAt: now,
      })
      .run();
    db.insert(schema.batches)
      .values({ ...base, createdAt: now })
      .run();
    db.insert(schema.jobs)
      .values({
        batchId: 1,
        idx: 0,
        status: 'SUCCEEDED',
        input: '{"n":1}',
        result: 'null',
        attempts: 1,
        executor: 'ASYNC',
        queuedAt: now,
        startedAt: now,
        finishedAt: now,
        finishSeq: 1,
      })
      .run();
    db.insert(schema.jobs).values({ batchId: 2, idx: 0, status: 'QUEUED', input: '{}', queuedAt: now }).run();

    for (const [table, id] of [
      [schema.batches, 1],
      [schema.batches, 2],
      [schema.jobs, 1],
      [schema.jobs, 2],
    ] as const) {
      const plain = plainRowsOf(table);
      const viaDrizzle = db.select().from(table).where(eq(table.id, id)).get();
      const viaPlain = plain.decode(sqlite.prepare(`${plain.select} where id = ?`).get(id) as Record<string, unknown>);
      expect(viaPlain).toStrictEqual(viaDrizzle);
    }
  });
});
