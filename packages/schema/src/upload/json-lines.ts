import { coerceError } from '@switchyard/engine';
import { formatBytes, UPLOAD_LIMITS } from './limits.ts';
import { MAX_ROW_ERRORS, refuseRow, refuseRows, type ParsedItems, type RowError } from './refusal.ts';
import { turnTaker } from './turns.ts';

const NEWLINE = 0x0a;

/**
 * One JSON item per line, blank lines skipped. Read line by line from the bytes, taking turns with the event loop;
 * a line over the row length limit or a row over the batch limit stops the read at once, malformed lines are
 * collected (the first MAX_ROW_ERRORS) and refuse the file whole.
 */
export async function parseJsonLines(bytes: Uint8Array, maxRows: number): Promise<ParsedItems> {
  const pause = turnTaker();
  const decoder = new TextDecoder();
  const items: unknown[] = [];
  const rows: RowError[] = [];
  let row = 0;
  for (let start = 0; start <= bytes.length && rows.length < MAX_ROW_ERRORS;) {
    await pause();
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    row++;
    if (end - start > UPLOAD_LIMITS.rowBytes) {
      return refuseRow(row, `Row ${row} is longer than ${formatBytes(UPLOAD_LIMITS.rowBytes)} (the row length limit)`);
    }
    const line = decoder.decode(bytes.subarray(start, end)).trim();
    start = end + 1;
    if (line === '') continue;
    if (items.length + rows.length === maxRows) {
      return refuseRow(row, `More than ${maxRows} rows: a batch holds at most ${maxRows} items (SWITCHYARD_MAX_BATCH)`);
    }
    try {
      items.push(JSON.parse(line));
    } catch (error: unknown) {
      rows.push({ row, message: `Invalid JSON: ${coerceError(error).message}` });
    }
  }
  return rows.length > 0 ? refuseRows(rows) : { ok: true, items };
}
