import { coerceError } from '@switchyard/engine';
import { JSONParser } from '@streamparser/json';
import { refuseRow, refuseRows, type ParsedItems } from './refusal.ts';
import { slices, turnTaker } from './turns.ts';

/** Thrown from the parser's value callback to stop at the first item past the batch limit. */
class TooManyItems extends Error {}

/**
 * One JSON array of items, streamed through @streamparser/json slice by slice, taking turns with the event loop
 * (JSON.parse of 32 MiB holds the main thread for seconds), and stopped at the first item past the batch limit.
 * Rows are the array's items, 1-based. A `__proto__` key stays an own property, as JSON.parse keeps it, for the
 * engine's check.
 */
export async function parseJsonArray(bytes: Uint8Array, maxRows: number): Promise<ParsedItems> {
  if (!startsWithBracket(bytes)) return refuseRows([{ row: 1, message: 'Expected a JSON array of items' }]);
  const pause = turnTaker();
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  const items: unknown[] = [];
  parser.onValue = ({ value }) => {
    if (items.length === maxRows) throw new TooManyItems();
    items.push(value);
  };
  try {
    for await (const slice of slices(bytes, pause)) parser.write(slice);
    // The parser ends by itself once the array closes; ending it again would be an error of its own.
    if (!parser.isEnded) parser.end();
  } catch (error: unknown) {
    if (error instanceof TooManyItems || coerceError(error).cause instanceof TooManyItems) {
      return refuseRow(maxRows + 1, `More than ${maxRows} items: a batch holds at most ${maxRows} items (SWITCHYARD_MAX_BATCH)`);
    }
    return refuseRows([{ row: items.length + 1, message: `Invalid JSON: ${coerceError(error).message}` }]);
  }
  return { ok: true, items };
}

function startsWithBracket(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x5b; // [
  }
  return false;
}
