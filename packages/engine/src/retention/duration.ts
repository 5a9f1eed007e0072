/**
 * Retention durations, as `SWITCHYARD_RETENTION` takes them: a whole number and one unit (`30d`, `12h`, `10m`, `5s`),
 * or `0` to keep everything. A strict pattern rather than a general parser (`ms` also reads "1.5 hours", "2y" and a
 * bare number as milliseconds): a typo in how long data is kept should be refused, not read as something else.
 */
const DURATION = /^(\d{1,9})(d|h|m|s)$/;

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

export const DURATION_HINT = 'a duration such as 30d, 12h, 10m or 5s, or 0 to keep everything';

/** Milliseconds, 0 for "keep everything", or null when the text is not such a duration. */
export function parseRetention(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const match = DURATION.exec(trimmed);
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** The shortest exact way to write `ms` in those units (`0` when nothing expires). */
export function formatRetention(ms: number): string {
  if (ms <= 0) return '0';
  for (const unit of ['d', 'h', 'm'] as const) if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}
