import { Cron } from 'croner';

/**
 * A cron expression read once, in its time zone (croner): five fields, or six with seconds first. The one place
 * croner is used, so the rest of the schedules code deals in epoch milliseconds only.
 */
export interface CronSpec {
  readonly expression: string;
  readonly timezone: string;
  /** The first cron time strictly after `afterMs`, or null when there is none (a date that never comes). */
  nextAfter(afterMs: number): number | null;
  /** The latest cron time at or before `atMs`, or null. */
  latestAtOrBefore(atMs: number): number | null;
}

export type CronCheck = { ok: true; spec: CronSpec } | { ok: false; field: 'cron' | 'timezone'; message: string };

/** Longer expressions are refused before croner reads them. */
const MAX_EXPRESSION_LENGTH = 200;

/** Whether the runtime knows the IANA time zone (Intl is the reference croner converts with). */
function knownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    // RangeError: an unknown time zone is the only way this constructor fails for a string.
    return false;
  }
}

export function parseCron(expression: string, timezone: string): CronCheck {
  if (timezone.length === 0 || timezone.length > 100 || !knownTimezone(timezone)) {
    return {
      ok: false,
      field: 'timezone',
      message: `Invalid timezone: "${timezone.slice(0, 100)}" is not an IANA time zone (for example "Europe/Paris" or "UTC")`,
    };
  }
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, field: 'cron', message: `Invalid cron: expected at most ${MAX_EXPRESSION_LENGTH} characters, got ${expression.length}` };
  }
  let cron: Cron;
  try {
    cron = new Cron(expression.trim(), { timezone, mode: '5-or-6-parts' });
  } catch (error: unknown) {
    const why = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    return { ok: false, field: 'cron', message: `Invalid cron: ${why} (five fields, or six with seconds first)` };
  }
  if (cron.nextRun() === null) return { ok: false, field: 'cron', message: `Invalid cron: "${expression}" never matches a date` };
  return {
    ok: true,
    spec: {
      expression,
      timezone,
      nextAfter: (afterMs) => cron.nextRun(new Date(afterMs))?.getTime() ?? null,
      // previousRuns looks strictly before its reference; cron times are whole seconds, so 1 ms later includes atMs.
      latestAtOrBefore: (atMs) => cron.previousRuns(1, new Date(atMs + 1))[0]?.getTime() ?? null,
    },
  };
}
