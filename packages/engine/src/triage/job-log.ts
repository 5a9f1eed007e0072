/**
 * A job's own log: what its `ctx.log` said, kept with the job so the job page can show it. Bounded twice: each
 * attempt keeps at most its last MAX_LOG_LINES lines or MAX_LOG_BYTES of messages (the older ones are counted as
 * dropped), and the store trims the job's whole log to the same bounds. Nothing is made for a job that never logs:
 * the logger and the buffer are created on the first line.
 */
import type { Logger } from 'pino';

export const MAX_LOG_LINES = 200;
export const MAX_LOG_BYTES = 64 * 1024;
/** One line longer than this is cut: a single huge line must not push out every other. */
const MAX_LINE_CHARS = 4_096;

/** `progress` lines are the messages a task passed to `ctx.progress(fraction, message)`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'progress';

export interface LogLine {
  /** Epoch ms. */
  readonly at: number;
  readonly level: LogLevel;
  readonly message: string;
}

/** The last lines of one attempt, within the bounds, and how many were dropped. */
export class JobLogBuffer {
  readonly #lines: LogLine[] = [];
  #bytes = 0;
  #dropped = 0;

  add(line: LogLine): void {
    const message = line.message.length > MAX_LINE_CHARS ? `${line.message.slice(0, MAX_LINE_CHARS)}…` : line.message;
    this.#lines.push(message === line.message ? line : { ...line, message });
    this.#bytes += message.length;
    while (this.#lines.length > MAX_LOG_LINES || (this.#bytes > MAX_LOG_BYTES && this.#lines.length > 1)) {
      this.#bytes -= this.#lines.shift()!.message.length;
      this.#dropped++;
    }
  }

  /** Lines dropped elsewhere (in a worker) before these arrived. */
  addDropped(n: number): void {
    this.#dropped += n;
  }

  get lines(): readonly LogLine[] {
    return this.#lines;
  }

  get dropped(): number {
    return this.#dropped;
  }
}

type LogMethod = (objOrMsg: unknown, msg?: string, ...args: unknown[]) => void;
export type TaskLog = Record<'debug' | 'info' | 'warn' | 'error', LogMethod>;

/** pino's call forms as one line of text: `(msg)`, `(obj, msg)`, `(err)`; extra arguments are appended. */
export function formatLogCall(objOrMsg: unknown, msg?: string, args: readonly unknown[] = []): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : v instanceof Error ? v.message : safeJson(v));
  const parts: string[] = [];
  if (typeof objOrMsg === 'string') parts.push(objOrMsg);
  else if (msg !== undefined) parts.push(msg, text(objOrMsg));
  else parts.push(text(objOrMsg));
  if (typeof objOrMsg === 'string' && msg !== undefined) parts.push(String(msg));
  for (const a of args) parts.push(text(a));
  return parts.join(' ');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * A task's `ctx.log`: each call goes to the server's pino log as before (`server()`, made on first use) and is
 * recorded as a line of the job's log.
 */
export function recordingLogger(server: () => Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>, record: (line: LogLine) => void): TaskLog {
  const method =
    (level: 'debug' | 'info' | 'warn' | 'error'): LogMethod =>
    (objOrMsg, msg, ...args) => {
      server()[level](objOrMsg, msg, ...args);
      record({ at: Date.now(), level, message: formatLogCall(objOrMsg, msg, args) });
    };
  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') };
}

/**
 * A task's `ctx.progress`, which also keeps each new message as a `progress` line of the job's log, where the
 * executor runs the task (so a message reaches the log even when the live report of it is dropped).
 */
export function recordingProgress(
  report: ((fraction: number, message?: string) => void) | undefined,
  record: (line: LogLine) => void,
): (fraction: number, message?: string) => void {
  let last: string | undefined;
  return (fraction, message) => {
    if (message !== undefined && message !== last) {
      last = message;
      record({ at: Date.now(), level: 'progress', message: String(message) });
    }
    report?.(fraction, message);
  };
}
