import type { InvalidFileFailure, RowIssue } from '@switchyard/engine';

/** A malformed row: the engine's `RowIssue`, named for the GraphQL type it becomes. */
export type RowError = RowIssue;

/** Why an uploaded file was refused: the GraphQL `InvalidFileError`. */
export type FileRefusal = InvalidFileFailure;

export type ParsedItems = { ok: true; items: unknown[] } | { ok: false; error: FileRefusal };

/** How many row errors a rejection lists. */
export const MAX_ROW_ERRORS = 20;

/** The expected failure of an upload: the file as a whole (no rows), or its malformed rows. */
export function invalidFile(message: string, rows: RowError[] = []): FileRefusal {
  return { kind: 'INVALID_FILE', message, rows };
}

/** A file refused for its malformed rows (at most MAX_ROW_ERRORS of them), the first one in the message. */
export function refuseRows(rows: RowError[]): { ok: false; error: FileRefusal } {
  const first = rows[0]!;
  const count = `${rows.length}${rows.length === MAX_ROW_ERRORS ? '+' : ''}`;
  return { ok: false, error: invalidFile(`The file has ${count} malformed row(s); first: row ${first.row}: ${first.message}`, rows) };
}

/** A file refused at one row, for a crossed limit or the parser's first error: the message says it all. */
export function refuseRow(row: number, message: string): { ok: false; error: FileRefusal } {
  return { ok: false, error: invalidFile(message, [{ row, message }]) };
}
