/**
 * Where a submission's items come from. A file or stdin is streamed to the server as it is (submitBatchFile: the
 * server parses JSON lines, a JSON array or CSV, and names bad rows); compare has no upload, so its items are read
 * here with the same three formats.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import type { ItemsFormat } from '../gql/graphql.ts';
import { CliError, ExitCode } from './exit-codes.ts';

export function formatOfPath(path: string): ItemsFormat {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'CSV' : ext === '.json' ? 'JSON' : 'JSONL';
}

/**
 * stdin as an upload: the first chunk is peeked to tell a JSON array (`[`) from JSON lines, and put back. CSV on
 * stdin needs `--items-format csv` (a header row looks like anything).
 */
export async function stdinUpload(format: ItemsFormat | undefined): Promise<{ stream: Readable; format: ItemsFormat }> {
  const input = process.stdin;
  if (format) return { stream: input, format };
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  const sniffed: ItemsFormat = /^\s*\[/.test(head.subarray(0, 64).toString('utf8')) ? 'JSON' : 'JSONL';
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { stream: Readable.from(rest()), format: sniffed };
}

/** Reads and parses a whole items file (or stdin, `-`) for compare. */
export async function readItems(path: string, format: ItemsFormat | undefined): Promise<unknown[]> {
  const text =
    path === '-' ? await readStdin() : await readFile(path, 'utf8').catch((error: unknown) => refuse(`Cannot read ${path}: ${String(error)}`));
  const kind = format ?? (path === '-' ? (/^\s*\[/.test(text) ? 'JSON' : 'JSONL') : formatOfPath(path));
  try {
    if (kind === 'JSON') {
      const items: unknown = JSON.parse(text);
      if (!Array.isArray(items)) refuse(`Expected ${path} to hold a JSON array of items`);
      return items;
    }
    if (kind === 'CSV') return parseCsv<unknown>(text, { columns: true, cast: true, skip_empty_lines: true, trim: true });
    return text
      .split('\n')
      .map((line, i) => ({ line: line.trim(), row: i + 1 }))
      .filter(({ line }) => line !== '')
      .map(({ line, row }) => {
        try {
          return JSON.parse(line) as unknown;
        } catch (error: unknown) {
          return refuse(`${path}, line ${row}: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
  } catch (error: unknown) {
    if (error instanceof CliError) throw error;
    return refuse(`Cannot parse ${path} as ${kind}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function refuse(message: string): never {
  throw new CliError(message, ExitCode.REFUSED);
}
