import { describe, expect, it } from 'vitest';
import { parseItems, type ItemsFormat } from './parse-items.ts';

const parse = (text: string, format: ItemsFormat, maxRows = 10) => parseItems(new Blob([text]), format, maxRows);

describe('parseItems: each format read into items, malformed rows named', () => {
  it('reads CSV rows as objects keyed by the header, numbers and booleans as such, a BOM and blank lines ignored', async () => {
    const parsed = await parse('\uFEFFname,n,ok\n\nab, 12 ,true\n"c,d",-1.5e2,no\n', 'CSV');
    expect(parsed).toEqual({
      ok: true,
      items: [
        { name: 'ab', n: 12, ok: true },
        { name: 'c,d', n: -150, ok: 'no' },
      ],
    });
  });

  it('keeps a __proto__ column or key as an own property, so the engine refuses it by name rather than losing it', async () => {
    for (const [text, format] of [
      ['__proto__,a\nx,1\n', 'CSV'],
      ['{"__proto__": "x", "a": 1}\n', 'JSONL'],
      ['[{"__proto__": "x", "a": 1}]', 'JSON'],
    ] as const) {
      const parsed = await parse(text, format);
      if (!parsed.ok) throw new Error(parsed.error.message);
      expect(Object.hasOwn(parsed.items[0] as object, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(parsed.items[0])).toBe(Object.prototype);
    }
  });

  it('names the row of a CSV row with too many cells, and of an unclosed quote', async () => {
    expect(await parse('a,b\n1,2\n3,4,5\n', 'CSV')).toMatchObject({ ok: false, error: { rows: [{ row: 3 }] } });
    expect(await parse('a,b\n1,"2\n', 'CSV')).toMatchObject({ ok: false, error: { kind: 'INVALID_FILE' } });
  });

  it('reads a JSON array item by item: rows are items, a non-array, a syntax error and trailing data refused', async () => {
    expect(await parse(' [{"ms": 1}, 2, "x", null, [3]] ', 'JSON')).toEqual({ ok: true, items: [{ ms: 1 }, 2, 'x', null, [3]] });
    expect(await parse('[]', 'JSON')).toEqual({ ok: true, items: [] });
    expect(await parse('{"ms": 1}', 'JSON')).toMatchObject({ ok: false, error: { rows: [{ row: 1, message: 'Expected a JSON array of items' }] } });
    expect(await parse('[{"ms": 1}, {"ms": }]', 'JSON')).toMatchObject({ ok: false, error: { rows: [{ row: 2 }] } });
    expect(await parse('[1] [2]', 'JSON')).toMatchObject({ ok: false, error: { kind: 'INVALID_FILE' } });
    expect(await parse('[1, 2', 'JSON')).toMatchObject({ ok: false, error: { kind: 'INVALID_FILE' } });
  });

  it('stops at the first row past the batch limit in every format', async () => {
    const over = { ok: false, error: { rows: [{ row: 4 }] } };
    expect(await parse('n\n1\n2\n3\n', 'CSV', 2)).toMatchObject({
      ok: false,
      error: { rows: [{ row: 4, message: expect.stringContaining('More than 2 rows') }] },
    });
    expect(await parse('1\n2\n\n3\n', 'JSONL', 2)).toMatchObject(over);
    expect(await parse('[1, 2, 3, 4]', 'JSON', 3)).toMatchObject(over);
    expect(await parse('[1, 2, 3]', 'JSON', 3)).toMatchObject({ ok: true });
  });
});
