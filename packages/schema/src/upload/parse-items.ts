import { coerceError } from '@switchyard/engine';
import { parseCsvRows } from './csv-rows.ts';
import { parseJsonLines } from './json-lines.ts';
import { refuseRows, type ParsedItems } from './refusal.ts';

export type ItemsFormat = 'JSONL' | 'JSON' | 'CSV';
export { invalidFile, type ParsedItems, type RowError } from './refusal.ts';

/** The format from the file name when none was given: .csv, .json, anything else JSON lines. */
export function formatOf(fileName: string, given?: ItemsFormat | null): ItemsFormat {
  if (given) return given;
  if (/\.csv$/i.test(fileName)) return 'CSV';
  if (/\.json$/i.test(fileName)) return 'JSON';
  return 'JSONL';
}

/**
 * Turns an uploaded file into items: at most `maxRows` of them (the batch limit), within the row, column and cell
 * limits of UPLOAD_LIMITS. Every malformed row is reported with its row number, and a file with any bad row is
 * refused whole (a submission is all or nothing). CSV and JSON lines are parsed in slices that take turns with the
 * event loop, so other requests are served meanwhile.
 */
export async function parseItems(file: Blob, format: ItemsFormat, maxRows: number): Promise<ParsedItems> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (format === 'CSV') return parseCsvRows(bytes, maxRows);
  if (format === 'JSON') return parseJsonArray(bytes);
  return parseJsonLines(bytes, maxRows);
}

/**
 * One JSON array, parsed whole (JSON.parse has no streaming form; the file limit bounds it). Too many items are left
 * to the engine, whose TooManyItemsError says how many there were.
 */
function parseJsonArray(bytes: Uint8Array): ParsedItems {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error: unknown) {
    return refuseRows([{ row: 1, message: `Invalid JSON: ${coerceError(error).message}` }]);
  }
  if (!Array.isArray(value)) return refuseRows([{ row: 1, message: 'Expected a JSON array of items' }]);
  return { ok: true, items: value };
}
