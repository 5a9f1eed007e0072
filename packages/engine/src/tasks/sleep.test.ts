import { describe, expect, it } from 'vitest';
import { Abort } from '../executors/abort.ts';
import { sleepUnlessAborted } from './sleep.ts';

describe('ctx.sleep (sleepUnlessAborted)', () => {
  for (const [name, make] of [
    ['an Abort (the event loop)', () => new Abort()],
    ['an AbortSignal (worker threads)', () => new AbortController()],
  ] as const) {
    it(`on ${name}: resolves after the time, rejects with the reason at once when aborted, and rejects if aborted before`, async () => {
      const source = make();
      const signalOf = () => (source instanceof Abort ? source : source.signal);
      const started = performance.now();
      await sleepUnlessAborted(20, signalOf());
      expect(performance.now() - started).toBeGreaterThanOrEqual(19);

      // A one-hour sleep: it can only settle through the abort.
      const reason = new Error('cancelled');
      const sleeping = sleepUnlessAborted(3_600_000, signalOf());
      source.abort(reason);
      await expect(sleeping).rejects.toBe(reason);
      await expect(sleepUnlessAborted(1, signalOf())).rejects.toBe(reason);
    });
  }
});
