import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_BACKOFF_MS } from './backoff.ts';

describe('retry backoff', () => {
  it('doubles its ceiling with each attempt and draws below it (full jitter)', () => {
    expect(backoffDelay(1, 100, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, () => 1)).toBe(400);
    expect(backoffDelay(3, 100, () => 0)).toBe(0);
    expect(backoffDelay(3, 100, () => 0.5)).toBe(200);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(40, 1_000, () => 1)).toBe(MAX_BACKOFF_MS);
  });
});
