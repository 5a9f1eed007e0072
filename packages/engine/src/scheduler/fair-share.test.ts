import { describe, expect, it } from 'vitest';
import { FairShare } from './fair-share.ts';

/** A member with `left` jobs to start; it can start while any are left. */
interface Fake {
  readonly name: string;
  readonly team: string;
  readonly priority: number;
  left: number;
}

const fake = (name: string, team: string, left: number, priority = 0): Fake => ({ name, team, priority, left });

/** Hands out `slots` slots one at a time and returns who got each. */
function handOut(share: FairShare<Fake>, slots: number): string[] {
  const order: string[] = [];
  for (let i = 0; i < slots; i++) {
    const member = share.pick();
    if (!member) break;
    member.left--;
    order.push(member.name);
  }
  return order;
}

const newShare = () => new FairShare<Fake>((m) => m.left > 0);

describe('the fair share of a lane', () => {
  it('alternates between teams whatever the size of their batches', () => {
    const share = newShare();
    share.add(fake('big', 'b', 100_000));
    share.add(fake('small', 'a', 10));
    const order = handOut(share, 20);
    expect(order).toEqual(Array.from({ length: 10 }, () => ['small', 'big']).flat()); // the team that arrived last has had no turn yet
    // The small batch is done: the big one gets every slot.
    expect(handOut(share, 3)).toEqual(['big', 'big', 'big']);
  });

  it('gives a team with many batches the same share as a team with one', () => {
    const share = newShare();
    for (let i = 0; i < 4; i++) share.add(fake(`b${i}`, 'b', 100));
    share.add(fake('a0', 'a', 100));
    const order = handOut(share, 40);
    expect(order.filter((n) => n === 'a0')).toHaveLength(20);
    // Team b's half is shared in turn among its batches.
    for (let i = 0; i < 4; i++) expect(order.filter((n) => n === `b${i}`)).toHaveLength(5);
  });

  it('serves a team’s higher-priority batch first, only within that team’s turns', () => {
    const share = newShare();
    share.add(fake('low', 'a', 10, 0));
    share.add(fake('other', 'b', 10));
    share.add(fake('high', 'a', 3, 5));
    const order = handOut(share, 12);
    const teamA = order.filter((n) => n !== 'other');
    expect(teamA).toEqual(['high', 'high', 'high', 'low', 'low', 'low']);
    expect(order.filter((n) => n === 'other')).toHaveLength(6);
  });

  it('passes over a member that cannot start, and one that left', () => {
    const share = newShare();
    const a = fake('a', 'a', 0); // nothing to start now
    const b = fake('b', 'b', 5);
    share.add(a);
    share.add(b);
    expect(handOut(share, 2)).toEqual(['b', 'b']);
    a.left = 5;
    expect(handOut(share, 2).sort()).toEqual(['a', 'b']);
    share.remove(b);
    expect(share.size).toBe(1);
    expect(handOut(share, 2)).toEqual(['a', 'a']);
    share.remove(a);
    expect(share.pick()).toBeUndefined();
    expect([...share]).toEqual([]);
  });

  it('adds a member once', () => {
    const share = newShare();
    const a = fake('a', 'a', 5);
    share.add(a);
    share.add(a);
    expect(share.size).toBe(1);
    expect(share.has(a)).toBe(true);
  });
});
