import { coerceError, type InvalidFileFailure, type RowIssue } from '@switchyard/engine';
import { parse as parseCsv } from 'csv-parse/sync';

export type ItemsFormat = 'JSONL' | 'JSON' | 'CSV';

/** A malformed row: the engine's `RowIssue`, named for the GraphQL type it becomes. */
export type RowError = RowIssue;

export type ParsedItems = { ok: true; items: unknown[] } | { ok: false; error: InvalidFileFailure };

/** How many row errors a rejection lists. */
const MAX_ROW_ERRORS = 20;

/** The format from the file name when none was given: .csv, .json, anything else JSON lines. */
export function formatOf(fileName: string, given?: ItemsFormat | null): ItemsFormat {
  if (given) return given;
  if (/\.csv$/i.test(fileName)) return 'CSV';
  if (/\.json$/i.test(fileName)) return 'JSON';
  return 'JSONL';
}

/**
 * Turns an uploaded file into items. Every malformed row is reported with its row number, and a file with any
 * bad row is refused whole (a submission is all or nothing).
 */
export function parseItems(text: string, format: ItemsFormat): ParsedItems {
  if (format === 'JSON') return parseJsonArray(text);
  if (format === 'CSV') return parseCsvRows(text);
  return parseJsonLines(text);
}

function parseJsonLines(text: string): ParsedItems {
  const items: unknown[] = [];
  const rows: RowError[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      items.push(JSON.parse(line));
    } catch (error: unknown) {
      if (rows.length < MAX_ROW_ERRORS) rows.push({ row: i + 1, message: `Invalid JSON: ${coerceError(error).message}` });
      else break;
    }
  }
  return rows.length > 0 ? refuse(rows) : { ok: true, items };
}

function parseJsonArray(text: string): ParsedItems {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    return refuse([{ row: 1, message: `Invalid JSON: ${coerceError(error).message}` }]);
  }
  if (!Array.isArray(value)) return refuse([{ row: 1, message: 'Expected a JSON array of items' }]);
  return { ok: true, items: value };
}

/** CSV with a header row: each row becomes an object; numbers and booleans are read as such. */
function parseCsvRows(text: string): ParsedItems {
  try {
    const records: unknown[] = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, cast: castCell });
    return { ok: true, items: records };
  } catch (error: unknown) {
    // csv-parse's CsvError says on which line it stopped.
    const e = coerceError(error) as Error & { lines?: unknown };
    return refuse([{ row: typeof e.lines === 'number' ? e.lines : 1, message: e.message }]);
  }
}

function castCell(value: string): unknown {
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

function refuse(rows: RowError[]): ParsedItems {
  const first = rows[0]!;
  return {
    ok: false,
    error: invalidFile(
      `The file has ${rows.length}${rows.length === MAX_ROW_ERRORS ? '+' : ''} malformed row(s); first: row ${first.row}: ${first.message}`,
      rows,
    ),
  };
}

/** The expected failure of an upload: the file as a whole (no rows), or its malformed rows. */
export function invalidFile(message: string, rows: RowError[] = []): InvalidFileFailure {
  return { kind: 'INVALID_FILE', message, rows };
}
