import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../packages/engine/src/shape.ts';
import { engineForEachTest } from '../helpers/engine.ts';

const engine = engineForEachTest({ threads: 1 });

/** `{ a: { a: … } }`, `depth` objects deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 1; i < depth; i++) node = node.a = {};
  return root;
}

describe('hostile submissions are refused as data, naming the place, and write nothing', () => {
  it('an item nested 100,000 levels deep', async () => {
    const e = await engine();
    const result = e.submitBatch({ task: 'noop', items: [{}, nested(100_000)] });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'INVALID_ITEMS', items: [{ index: 1, message: `Nested deeper than ${MAX_JSON_DEPTH} levels` }] },
    });
    expect(e.listBatches({}, 10).totalCount).toBe(0);
    // A reasonable depth is fine.
    expect(e.submitBatch({ task: 'noop', items: [nested(MAX_JSON_DEPTH)] }).ok).toBe(true);
  });

  it('a generate.template nested 50,000 levels deep', async () => {
    const e = await engine();
    const result = e.compareStrategies({ task: 'noop', generate: { count: 2, template: nested(50_000) }, strategies: [{ executor: 'ASYNC' }] });
    expect(result).toMatchObject({ ok: false, error: { kind: 'INVALID_INPUT' } });
    if (result.ok) return;
    expect(result.error.kind === 'INVALID_INPUT' && result.error.field.startsWith('generate.template')).toBe(true);
    expect(e.listComparisons('default', 10).totalCount).toBe(0);
  });

  it('an item key __proto__ is refused with a clear message rather than silently dropped', async () => {
    const e = await engine();
    const item = JSON.parse('{"ms": 1, "__proto__": {"polluted": true}}') as unknown;
    const result = e.submitBatch({ task: 'io.sleep', items: [item] });
    expect(result).toMatchObject({ ok: false, error: { kind: 'INVALID_ITEMS', items: [{ index: 0, path: ['__proto__'] }] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
