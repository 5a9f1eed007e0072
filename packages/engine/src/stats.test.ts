import { describe, expect, it } from 'vitest';
import { laneDemand } from './stats.ts';

const lane = (limit: number) => ({ limit, members: [] as unknown[] });

describe('a lane’s demand', () => {
  it('is the sum of its batches’ concurrency on that lane, capped by the lane’s limit', () => {
    const io = lane(10_000);
    const other = lane(4);
    io.members.push(
      { phases: [{ lane: io, concurrency: 10 }] },
      {
        phases: [
          { lane: io, concurrency: 25 },
          { lane: other, concurrency: 4 },
        ],
      },
    );
    expect(laneDemand(io as never)).toBe(35);
    const small = lane(20);
    small.members.push({ phases: [{ lane: small, concurrency: 10 }] }, { phases: [{ lane: small, concurrency: 25 }] });
    expect(laneDemand(small as never)).toBe(20);
  });

  it('is 0 on an idle lane', () => {
    expect(laneDemand(lane(10_000) as never)).toBe(0);
  });
});
