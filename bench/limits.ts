/**
 * The machine's limits, measured in this process in the same run as the workloads (the host is shared and
 * drifts; only ratios taken within one run hold).
 */
import { pbkdf2, pbkdf2Sync } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { PBKDF2_ITEM } from './workloads.ts';
import { median } from './stats.ts';

/**
 * The single-job time of the cpu workload's limit: one PBKDF2 job done directly on this thread, `samples`
 * times. Sampled before every round of cpu runs (with the bench otherwise idle), so the samples span the
 * same minutes as the runs. Other tenants of a shared host only ever make a sample slower, so the limit
 * uses a low percentile of them (see run.ts), not the median.
 */
let warmedUp = false;
export function pbkdf2SampleMs(samples = 3): number[] {
  const { password, salt, iterations, keylen, digest } = PBKDF2_ITEM;
  if (!warmedUp) {
    pbkdf2Sync(password, salt, iterations, keylen, digest); // the first call pays for OpenSSL setup
    warmedUp = true;
  }
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    pbkdf2Sync(password, salt, iterations, keylen, digest);
    times.push(performance.now() - t0);
  }
  return times;
}

/**
 * The cpu limit in practice: `count` PBKDF2 jobs at once on Node's own libuv thread pool (async
 * `crypto.pbkdf2`), first start to last result. WORKLOADS.md's "raw Node, in-process" column, on this hour.
 */
export async function rawPbkdf2JobsPerSec(count: number): Promise<number> {
  const { password, salt, iterations, keylen, digest } = PBKDF2_ITEM;
  const t0 = performance.now();
  await Promise.all(
    Array.from(
      { length: count },
      () => new Promise<void>((resolve, reject) => pbkdf2(password, salt, iterations, keylen, digest, (e) => (e ? reject(e) : resolve()))),
    ),
  );
  return count / ((performance.now() - t0) / 1000);
}

export function cores(): number {
  return availableParallelism();
}

/**
 * What the raw library does in-process for the overhead workload: `count` no-op jobs through p-queue, from
 * the first add to the last completion (WORKLOADS.md's 228,000 jobs/s is this, on another hour).
 * Returns null when p-queue cannot be loaded (it is the engine's dependency, hoisted to the root).
 */
export async function pQueueNoopJobsPerSec(count: number, runs = 3): Promise<number | null> {
  let PQueue: typeof import('p-queue').default;
  try {
    PQueue = (await import('p-queue')).default;
  } catch {
    return null;
  }
  const once = async () => {
    const queue = new PQueue({ concurrency: 1_000 });
    const t0 = performance.now();
    const done: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) done.push(queue.add(async () => {}));
    await Promise.all(done);
    return count / ((performance.now() - t0) / 1000);
  };
  await once(); // warm-up (JIT)
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) rates.push(await once());
  return median(rates);
}
