import type Database from 'better-sqlite3';
import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import type { ComparisonRecord, ComparisonRun } from '../../types.ts';
import * as schema from '../schema.ts';
import type { ComparisonEnd, NewComparison, Page } from '../store.ts';
import type { Db } from './database.ts';
import { comparisonFromRow } from './rows.ts';

const p = sql.placeholder;
const c = schema.comparisons;

/**
 * A comparison's rows. It has one live state, RUNNING, and each transition out of it (or within it) is one guarded
 * UPDATE `… where id = ? and status = 'RUNNING'` whose row count says whether it applied: a runner that finds its
 * comparison already cancelled stops, and never overwrites the cancel.
 */
export class ComparisonRows {
  readonly #insert;
  readonly #get;
  readonly #list;
  readonly #count;
  readonly #recordRuns: Database.Statement<[string, number]>;
  readonly #finish: Database.Statement<[string, string | null, string | null, string | null, number, number]>;
  readonly #failInterrupted: Database.Statement<[number]>;

  constructor(sqlite: Database.Database, db: Db) {
    this.#insert = db
      .insert(c)
      .values({
        team: p('team'),
        name: p('name'),
        task: p('task'),
        tag: p('tag'),
        total: p('total'),
        status: 'RUNNING',
        strategies: p('strategies'),
        createdAt: p('createdAt'),
      })
      .returning()
      .prepare();
    this.#get = db
      .select()
      .from(c)
      .where(eq(c.id, p('id')))
      .prepare();
    this.#list = db
      .select()
      .from(c)
      .where(and(eq(c.team, p('team')), lt(c.id, p('afterId'))))
      .orderBy(desc(c.id))
      .limit(p('limit'))
      .prepare();
    this.#count = db
      .select({ n: count() })
      .from(c)
      .where(eq(c.team, p('team')))
      .prepare();
    this.#recordRuns = sqlite.prepare(`update comparisons set runs = ? where id = ? and status = 'RUNNING'`);
    this.#finish = sqlite.prepare(
      `update comparisons set status = ?, runs = coalesce(?, runs), verdict = ?, error = ?, finished_at = ? where id = ? and status = 'RUNNING'`,
    );
    this.#failInterrupted = sqlite.prepare(
      `update comparisons set status = 'FAILED', error = 'The server stopped during this comparison', finished_at = ? where status = 'RUNNING'`,
    );
  }

  insert(n: NewComparison): ComparisonRecord {
    const row = this.#insert.get({
      team: n.team,
      name: n.name,
      task: n.task,
      tag: n.tag,
      total: n.total,
      strategies: JSON.stringify(n.strategies),
      createdAt: n.createdAt,
    });
    return comparisonFromRow(row);
  }

  /** The measured runs so far, while it is RUNNING. False when it is not (cancelled meanwhile). */
  recordRuns(id: string, runs: readonly ComparisonRun[]): boolean {
    return this.#recordRuns.run(JSON.stringify(runs), Number(id)).changes === 1;
  }

  /** RUNNING → its end. False when it had already ended (for example, cancelled while its last run ended). */
  finish(id: string, end: ComparisonEnd, at: number): boolean {
    const runs = end.runs ? JSON.stringify(end.runs) : null;
    return this.#finish.run(end.status, runs, end.verdict ?? null, end.error ?? null, at, Number(id)).changes === 1;
  }

  failInterrupted(at: number): number {
    return this.#failInterrupted.run(at).changes;
  }

  get(id: string): ComparisonRecord | null {
    const row = this.#get.get({ id: Number(id) });
    return row ? comparisonFromRow(row) : null;
  }

  list(team: string, first: number, afterId?: string): Page<ComparisonRecord> {
    const totalCount = this.#count.get({ team })?.n ?? 0;
    const rows = this.#list.all({ team, afterId: afterId ? Number(afterId) : Number.MAX_SAFE_INTEGER, limit: first + 1 });
    return { items: rows.slice(0, first).map(comparisonFromRow), hasNextPage: rows.length > first, totalCount };
  }
}
