import { describe, expect, it } from 'vitest';
import { buildDecisionTable, route, type RoutingThresholds } from './decision-table.ts';

const base: RoutingThresholds = {
  ioHighVolumeItems: 100,
  ioModerateConcurrency: 10,
  ioHighConcurrency: 2000,
  threads: 2,
  processes: 2,
  backgroundConcurrency: 2,
  dataBatchItems: 10_000,
  chunkSize: 256,
};
const remote: RoutingThresholds = { ...base, remoteCpu: true, remoteConcurrency: 64 };

describe('the decision table with remote workers', () => {
  it('has no remote rule unless it is turned on', () => {
    expect(buildDecisionTable(base).map((r) => r.id)).not.toContain('remote');
    expect(buildDecisionTable(remote).map((r) => r.id)).toContain('remote');
  });

  it('sends CPU batches to REMOTE while workers have free slots, else to THREADS', () => {
    const table = buildDecisionTable(remote);
    const withRoom = route({ tag: 'CPU', items: 40, background: false, remoteFreeSlots: 3 }, table, remote);
    expect(withRoom).toMatchObject({ executor: 'REMOTE', lane: 'remote', rule: 'remote', concurrency: 64 });
    expect(withRoom.phases[0]!.chunkSize).toBeUndefined();
    const full = route({ tag: 'CPU', items: 40, background: false, remoteFreeSlots: 0 }, table, remote);
    expect(full).toMatchObject({ executor: 'THREADS', rule: 'cpu' });
  });

  it('sends data batches to REMOTE in chunks', () => {
    const table = buildDecisionTable(remote);
    const data = route({ tag: 'CPU', items: 20_000, background: false, remoteFreeSlots: 2 }, table, remote);
    expect(data.executor).toBe('REMOTE');
    expect(data.phases[0]!.chunkSize).toBe(256);
  });

  it('leaves I/O, mixed and isolated work where it was', () => {
    const table = buildDecisionTable(remote);
    expect(route({ tag: 'IO', items: 40, background: false, remoteFreeSlots: 4 }, table, remote).executor).toBe('ASYNC');
    expect(route({ tag: 'MIXED', items: 40, background: false, remoteFreeSlots: 4 }, table, remote).executor).toBe('ASYNC');
    expect(route({ tag: 'CPU', items: 40, background: false, isolate: true, remoteFreeSlots: 4 }, table, remote).executor).toBe('PROCESSES');
  });

  it('routes a forced REMOTE strategy to the remote lane', () => {
    const forced = route({ tag: 'CPU', items: 5, background: false }, buildDecisionTable(remote), remote, { executor: 'REMOTE' });
    expect(forced).toMatchObject({ executor: 'REMOTE', lane: 'remote', concurrency: 64, rule: 'override' });
  });
});
