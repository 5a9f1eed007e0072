import { Readable } from 'node:stream';
import { coerceError } from '@switchyard/engine';
import { CsvError, parse, type CastingContext, type Info } from 'csv-parse';
import { formatBytes, UPLOAD_LIMITS } from './limits.ts';
import { refuseRow, type FileRefusal, type ParsedItems } from './refusal.ts';
import { slices, turnTaker } from './turns.ts';

/** A CSV limit crossed while a cell was read: thrown from csv-parse's cast hook, which it passes on as the error. */
class CsvLimitError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * CSV with a header row: each row becomes an object keyed by the header; numbers and booleans are read as such.
 * Streamed through csv-parse slice by slice, taking turns with the event loop, and stopped at the first crossed
 * limit (columns, row length, cell size, rows), so a hostile file costs neither a long block nor its size in memory.
 */
export async function parseCsvRows(bytes: Uint8Array, maxRows: number): Promise<ParsedItems> {
  const pause = turnTaker();
  const source = Readable.from(slices(bytes, pause));
  const parser = source.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      trim: true,
      // Measured by csv-parse over the row's cells (delimiters aside), while they are read.
      max_record_size: UPLOAD_LIMITS.rowBytes,
      cast: checkCell,
      info: true,
    }),
  );
  const items: unknown[] = [];
  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      if (!header) {
        header = record;
        continue;
      }
      if (items.length === maxRows) {
        return refuseRow(info.lines, `More than ${maxRows} rows: a batch holds at most ${maxRows} items (SWITCHYARD_MAX_BATCH)`);
      }
      // fromEntries defines own properties, so a `__proto__` column reaches the engine's check as data.
      items.push(Object.fromEntries(header.map((name, i) => [name, castCell(record[i]!)])));
      await pause();
    }
  } catch (error: unknown) {
    return refuseCsv(error);
  } finally {
    source.destroy();
    parser.destroy();
  }
  return { ok: true, items };
}

/** csv-parse's per-cell hook: the column and cell limits, checked as each cell ends. Values stay strings here. */
function checkCell(value: string, context: CastingContext): string {
  const column = context.index + 1;
  if (column > UPLOAD_LIMITS.csvColumns) {
    throw new CsvLimitError(context.lines, `Row ${context.lines} has more than ${UPLOAD_LIMITS.csvColumns} columns (the column limit)`);
  }
  // A UTF-16 code unit is at most 3 bytes of UTF-8: shorter cells need no byte count.
  if (value.length * 3 > UPLOAD_LIMITS.cellBytes && Buffer.byteLength(value) > UPLOAD_LIMITS.cellBytes) {
    throw new CsvLimitError(
      context.lines,
      `Row ${context.lines}, column ${column}: the cell is ${Buffer.byteLength(value)} bytes; a cell holds at most ${formatBytes(UPLOAD_LIMITS.cellBytes)} (the cell size limit)`,
    );
  }
  return value;
}

function castCell(value: string): unknown {
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

function refuseCsv(error: unknown): { ok: false; error: FileRefusal } {
  if (error instanceof CsvLimitError) return refuseRow(error.row, error.message);
  if (error instanceof CsvError && error.code === 'CSV_MAX_RECORD_SIZE') {
    const row = (error as CsvError & { lines: number }).lines;
    return refuseRow(row, `Row ${row} is longer than ${formatBytes(UPLOAD_LIMITS.rowBytes)} (the row length limit)`);
  }
  // csv-parse's other errors (unclosed quote, a row with more or fewer cells than the header) say on which line.
  const e = coerceError(error) as Error & { lines?: unknown };
  return refuseRow(typeof e.lines === 'number' ? e.lines : 1, e.message);
}
