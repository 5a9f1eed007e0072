import { parseCsvRows } from './csv-rows.ts';
import { parseJsonArray } from './json-array.ts';
import { parseJsonLines } from './json-lines.ts';
import type { ParsedItems } from './refusal.ts';

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
 * refused whole (a submission is all or nothing). Every format is parsed in slices that take turns with the event
 * loop, so other requests are served meanwhile.
 */
export async function parseItems(file: Blob, format: ItemsFormat, maxRows: number): Promise<ParsedItems> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (format === 'CSV') return parseCsvRows(bytes, maxRows);
  if (format === 'JSON') return parseJsonArray(bytes, maxRows);
  return parseJsonLines(bytes, maxRows);
}
