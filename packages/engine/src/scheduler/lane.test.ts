import { describe, expect, it } from 'vitest';
import type { Executor } from '../executors/executor.ts';
import { Lane, type LaneMember } from './lane.ts';

/** A member that asks for `concurrency` slots of each lane in `on`, and never has work ready. */
const member = (on: Map<Lane, number>): LaneMember => ({
  team: 'default',
  priority: 0,
  canStart: () => false,
  start: () => {},
  demand: (lane) => on.get(lane) ?? 0,
});

describe('a lane’s demand', () => {
  it('is the sum of its batches’ concurrency on that lane, capped by the lane’s limit', () => {
    const io = new Lane('io', {} as Executor, 10_000);
    const other = new Lane('cpu', {} as Executor, 4);
    io.join(member(new Map([[io, 10]])));
    const mixed = member(
      new Map([
        [io, 25],
        [other, 4],
      ]),
    );
    io.join(mixed);
    other.join(mixed);
    expect(io.demand).toBe(35);
    expect(other.demand).toBe(4);
    const small = new Lane('small', {} as Executor, 20);
    small.join(member(new Map([[small, 10]])));
    small.join(member(new Map([[small, 25]])));
    expect(small.demand).toBe(20);
  });

  it('is 0 on an idle lane', () => {
    expect(new Lane('io', {} as Executor, 10_000).demand).toBe(0);
  });
});
