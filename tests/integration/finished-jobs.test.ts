import { describe, expect, it } from 'vitest';
import type { FinishedJobsChunk } from '@switchyard/engine';
import { engineForEachTest, submitOk } from '../helpers/engine.ts';

const engine = engineForEachTest({ threads: 2 });

async function collect(
  stream: AsyncGenerator<FinishedJobsChunk>,
  until: (chunk: FinishedJobsChunk) => boolean = (c) => c.done,
): Promise<FinishedJobsChunk[]> {
  const chunks: FinishedJobsChunk[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
    if (until(chunk)) break;
  }
  return chunks;
}

describe('the finished-jobs stream', () => {
  it('delivers every job exactly once, in the order they finished, in chunks of at most maxJobs, and ends with done', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'io.sleep', items: Array.from({ length: 1_200 }, (_, i) => ({ ms: i % 7 })) });
    const chunks = await collect(e.watchFinishedJobs(batch.id, { intervalMs: 10, maxJobs: 500 }));
    expect(chunks.at(-1)!.done).toBe(true);
    expect(chunks.filter((c) => c.done)).toHaveLength(1);
    for (const c of chunks) expect(c.jobs.length).toBeLessThanOrEqual(500);
    const jobs = chunks.flatMap((c) => c.jobs);
    expect(jobs).toHaveLength(1_200);
    expect(new Set(jobs.map((j) => j.index)).size).toBe(1_200);
    expect(jobs.every((j) => j.status === 'SUCCEEDED')).toBe(true);
    const finishedAt = jobs.map((j) => j.finishedAt!.getTime());
    expect(finishedAt).toEqual([...finishedAt].sort((a, b) => a - b));
    const cursors = chunks.map((c) => c.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
  });

  it('lets a consumer act on the first results while the batch still runs; cancelled jobs arrive too', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'io.sleep', items: [...Array.from({ length: 5 }, () => ({ ms: 1 })), { ms: 30_000 }] });
    const stream = e.watchFinishedJobs(batch.id, { intervalMs: 10 });
    const seen: number[] = [];
    while (seen.length < 5) {
      const next: IteratorResult<FinishedJobsChunk> = await stream.next();
      if (next.done) throw new Error('the stream ended before the first five jobs');
      seen.push(...next.value.jobs.map((j) => j.index));
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(e.getBatch(batch.id)!.status).toBe('RUNNING'); // the long job still runs
    e.cancelBatch(batch.id);
    const rest = await collect(stream);
    expect(rest.at(-1)!.done).toBe(true);
    expect(rest.flatMap((c) => c.jobs).map((j) => [j.index, j.status] as const)).toEqual([[5, 'CANCELLED']]);
  });

  it('resumes after a cursor without repeating a job; queued jobs cancelled at once are delivered as well', async () => {
    const e = await engine();
    const batch = submitOk(e, { task: 'io.sleep', items: Array.from({ length: 30 }, () => ({ ms: 0 })) });
    await e.waitForBatch(batch.id);
    const [first] = await collect(e.watchFinishedJobs(batch.id, { maxJobs: 10 }), () => true);
    expect(first!.jobs).toHaveLength(10);
    const rest = await collect(e.watchFinishedJobs(batch.id, { after: first!.cursor, maxJobs: 10, intervalMs: 5 }));
    const indices = [...first!.jobs, ...rest.flatMap((c) => c.jobs)].map((j) => j.index);
    expect(new Set(indices).size).toBe(30);
    expect(indices).toHaveLength(30);

    const held = submitOk(e, {
      task: 'io.sleep',
      items: Array.from({ length: 4 }, () => ({ ms: 30_000 })),
      strategy: { executor: 'ASYNC', concurrency: 1 },
    });
    e.cancelBatch(held.id); // 1 running (aborted), 3 queued cancelled by one statement
    const chunks = await collect(e.watchFinishedJobs(held.id, { intervalMs: 5 }));
    expect(chunks.flatMap((c) => c.jobs).map((j) => j.status)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
  });
});
