/**
 * The limits on an upload, in one place: the server's HTTP and multipart parsing (apps/api), the file parsers here,
 * the schema's descriptions and the README's table all read these numbers. Each is refused with its own error that
 * names it. The number of rows has no entry: a file holds at most one batch, the engine's `maxBatchSize`
 * (SWITCHYARD_MAX_BATCH).
 */
const KiB = 1024;
const MiB = 1024 * KiB;

export const UPLOAD_LIMITS = {
  /** The largest items file. Enforced while the multipart body streams in: `FILE_TOO_LARGE`, HTTP 413. */
  fileBytes: 32 * MiB,
  /**
   * The largest request body of any kind (JSON or multipart): `REQUEST_TOO_LARGE`, HTTP 413. Room for one file at
   * its limit plus the operations and map fields, so that a file over its limit gets the file's error.
   */
  requestBytes: 32 * MiB + 2 * MiB,
  /** Files in one multipart request: submitBatchFile takes one. `TOO_MANY_FILES`, HTTP 413. */
  files: 1,
  /** Non-file fields in one multipart request: the spec's `operations` and `map`. `TOO_MANY_FIELDS`, HTTP 413. */
  fields: 2,
  /** The largest non-file multipart field (`operations`, `map`). `FIELD_TOO_LARGE`, HTTP 413. */
  fieldBytes: 1 * MiB,
  /** Columns of a CSV file. `InvalidFileError` naming the row. */
  csvColumns: 1_000,
  /** One row: a CSV record's cells together, or one JSON line. `InvalidFileError` naming the row. */
  rowBytes: 1 * MiB,
  /** One CSV cell. `InvalidFileError` naming the row and the column. */
  cellBytes: 64 * KiB,
} as const;

/** `33554432` as "32 MiB", `65536` as "64 KiB": limits in messages, as the README writes them. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}
