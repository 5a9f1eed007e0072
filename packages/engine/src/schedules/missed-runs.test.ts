import { describe, expect, it } from 'vitest';
import { parseCron } from './cron.ts';
import { dueRun } from './missed-runs.ts';

const at = (iso: string) => Date.parse(iso);

function spec(cron: string, timezone = 'UTC') {
  const parsed = parseCron(cron, timezone);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.spec;
}

describe('the missed-run policy', () => {
  it('runs nothing before the next cron time, and says when that is', () => {
    const everyMinute = spec('* * * * *');
    expect(dueRun(everyMinute, at('2026-01-01T00:00:10Z'), at('2026-01-01T00:00:50Z'))).toEqual({ runAt: null, nextAt: at('2026-01-01T00:01:00Z') });
  });

  it('runs the cron time that has just come', () => {
    const everyMinute = spec('* * * * *');
    expect(dueRun(everyMinute, at('2026-01-01T00:00:10Z'), at('2026-01-01T00:01:00.004Z'))).toEqual({
      runAt: at('2026-01-01T00:01:00Z'),
      nextAt: at('2026-01-01T00:02:00Z'),
    });
  });

  it('after downtime, runs once, for the latest missed time, then goes back to the cron', () => {
    const everyMinute = spec('* * * * *');
    // Down from 00:00:30 to 03:10:20: 190 runs missed; one runs, for 03:10.
    expect(dueRun(everyMinute, at('2026-01-01T00:00:00Z'), at('2026-01-01T03:10:20Z'))).toEqual({
      runAt: at('2026-01-01T03:10:00Z'),
      nextAt: at('2026-01-01T03:11:00Z'),
    });
  });

  it('never runs a time at or before the cursor (a claimed run is not run again)', () => {
    const everySecond = spec('* * * * * *');
    expect(dueRun(everySecond, at('2026-01-01T00:00:05Z'), at('2026-01-01T00:00:05.900Z')).runAt).toBeNull();
  });

  it('reads the cron in its time zone', () => {
    const nineInParis = spec('0 9 * * *', 'Europe/Paris');
    expect(dueRun(nineInParis, at('2026-07-01T00:00:00Z'), at('2026-07-01T06:00:00Z')).nextAt).toBe(at('2026-07-01T07:00:00Z'));
  });

  it('refuses a bad expression or time zone, naming the field', () => {
    expect(parseCron('61 * * * * *', 'UTC')).toMatchObject({ ok: false, field: 'cron' });
    expect(parseCron('0 0 30 2 *', 'UTC')).toMatchObject({ ok: false, field: 'cron' });
    expect(parseCron('* * * * *', 'Nowhere/Land')).toMatchObject({ ok: false, field: 'timezone' });
  });
});
