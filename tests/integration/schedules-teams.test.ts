import { graphql } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSchema } from '@switchyard/schema';
import { testEngine } from '../helpers/engine.ts';
import { contextFor } from '../helpers/schema-context.ts';

const disposals: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(disposals.splice(0).map((d) => d()));
});

async function engineWithSchema() {
  const t = await testEngine({ threads: 1 });
  disposals.push(t.dispose);
  const schema = buildSchema();
  const as = async (team: string, source: string, variableValues?: Record<string, unknown>) => {
    const result = await graphql({ schema, source, variableValues, contextValue: contextFor(t.engine, team) });
    if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
    return result.data as Record<string, any>;
  };
  const rowId = (id: string) => contextFor(t.engine, 'any').ids.decode('schedule', id)!;
  return { engine: t.engine, as, rowId };
}

const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) {
  __typename ... on CreateScheduleSuccess { schedule { id } } ... on TooManyItemsError { max got } } }`;

describe('schedules are team-scoped', () => {
  it('hides another team’s schedule as if it did not exist, for reads and every mutation', async () => {
    const { engine, as, rowId } = await engineWithSchema();
    const created = await as('red', CREATE, { input: { name: 'nightly', cron: '0 3 * * *', batch: { task: 'noop', items: [{}] } } });
    const id = created.createSchedule.schedule.id;
    expect(engine.getSchedule(rowId(id))).toMatchObject({ team: 'red' });

    expect(await as('blue', '{ schedules { totalCount } }')).toEqual({ schedules: { totalCount: 0 } });
    expect(await as('blue', 'query($id: ID!) { schedule(id: $id) { id } }', { id })).toEqual({ schedule: null });
    expect(await as('blue', '{ schedule(id: "s_AAAAAAAAAAAAAAAAAAAAAA") { id } }')).toEqual({ schedule: null });
    const blueMutations = await as(
      'blue',
      'mutation($id: ID!) { p: pauseSchedule(id: $id) { id } r: resumeSchedule(id: $id) { id } d: deleteSchedule(id: $id) }',
      { id },
    );
    expect(blueMutations).toEqual({ p: null, r: null, d: null });
    expect(engine.getSchedule(rowId(id))).toMatchObject({ paused: false });

    expect(await as('red', '{ schedules { totalCount edges { node { id paused } } } }')).toEqual({
      schedules: { totalCount: 1, edges: [{ node: { id, paused: false } }] },
    });
  });

  it('refuses a schedule whose batch is too large to submit on every run, writing nothing', async () => {
    const { as } = await engineWithSchema();
    const refused = await as('red', CREATE, {
      input: { name: 'huge', cron: '* * * * * *', batch: { task: 'noop', items: Array.from({ length: 10_001 }, () => ({})) } },
    });
    expect(refused.createSchedule).toEqual({ __typename: 'TooManyItemsError', max: 10_000, got: 10_001 });
    expect(await as('red', '{ schedules { totalCount } }')).toEqual({ schedules: { totalCount: 0 } });
  });
});
