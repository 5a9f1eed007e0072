/**
 * The CLI's exit codes: a contract for CI scripts (README, "Use it from CI"). One function decides the code for a
 * thrown error, so every command agrees.
 */
import { SwitchyardClientError } from '../errors.ts';
import type { Batch } from '../client.ts';

export const ExitCode = {
  /** Every job succeeded (or the command did what it was asked). */
  OK: 0,
  /** The batch finished with failed, timed-out or cancelled jobs. */
  JOBS_FAILED: 1,
  /** Refused: bad input or arguments, unknown task or batch, a limit. */
  REFUSED: 2,
  /** The server was unreachable, or refused the API key. */
  UNREACHABLE: 3,
  /** Interrupted (Ctrl-C / SIGINT). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that carries its exit code (usage mistakes, refusals the CLI detects itself). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** A finished batch's code; a batch still running counts as OK (nothing has failed yet). */
export function exitCodeForBatch(batch: Pick<Batch, 'done' | 'status'>): ExitCode {
  return !batch.done || batch.status === 'SUCCEEDED' ? ExitCode.OK : ExitCode.JOBS_FAILED;
}

export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof SwitchyardClientError) {
    // A GraphQL error with a code is the server refusing the request (BAD_USER_INPUT, NOT_FOUND); an answer that is
    // not GraphQL at all means whatever is at that URL is not a Switchyard server we can talk to.
    if (error.kind === 'PROTOCOL') return error.code ? ExitCode.REFUSED : ExitCode.UNREACHABLE;
    return ExitCode.UNREACHABLE;
  }
  return ExitCode.REFUSED;
}
