/**
 * What auth, limits and guards cost (issue 8): the latency and overhead workloads through GraphQL against two
 * servers started the same way, one in open local mode and one with SWITCHYARD_AUTH=required and a key sent on
 * every request (key lookup, role check, rate limiter, opaque ids). The two alternate run by run, so both see the
 * host in the same minutes; the figure is the ratio of the medians, required ÷ open.
 */
import { openKeyStore } from '@switchyard/engine';
import { graphqlDriver, DEFAULT_WAIT } from './drivers.ts';
import { log, runBatch, runSequential, withDeadline } from './measure.ts';
import { startServer, type RunningServer } from './server.ts';
import { median } from './stats.ts';
import { WORKLOADS } from './workloads.ts';

export interface AuthCost {
  readonly latencyP50Ms: { open: number[]; required: number[] };
  readonly latencyP99Ms: { open: number[]; required: number[] };
  readonly overheadJobsPerSec: { open: number[]; required: number[] };
  readonly error?: string;
}

const SUBMIT_WAIT_MS = 30_000;

export async function measureAuthCost(repoRoot: string, options: { runs: number; quick: boolean; runTimeoutMs: number }): Promise<AuthCost> {
  const cost: AuthCost = {
    latencyP50Ms: { open: [], required: [] },
    latencyP99Ms: { open: [], required: [] },
    overheadJobsPerSec: { open: [], required: [] },
  };
  let key = '';
  const servers: Record<'open' | 'required', RunningServer | undefined> = { open: undefined, required: undefined };
  try {
    servers.open = await startServer({ repoRoot });
    servers.required = await startServer({
      repoRoot,
      // The rate limit is part of what is measured, not what limits the run: set well above the bench's rate.
      env: { SWITCHYARD_AUTH: 'required', SWITCHYARD_RATE_SUBMISSIONS: '1000000' },
      prepare: (dbPath) => {
        const store = openKeyStore(dbPath);
        key = store.keys.create({ team: 'bench', role: 'submitter' }).key;
        store.close();
      },
    });
    const drivers = {
      open: graphqlDriver(servers.open.graphqlUrl, DEFAULT_WAIT, SUBMIT_WAIT_MS),
      required: graphqlDriver(servers.required.graphqlUrl, DEFAULT_WAIT, SUBMIT_WAIT_MS, { authorization: `Bearer ${key}` }),
    };
    const latency = WORKLOADS.latency;
    const overhead = WORKLOADS.overhead;
    const count = (w: typeof latency) => (options.quick ? w.quickCount : w.count);
    for (const mode of ['open', 'required'] as const) {
      // Warm-up, unmeasured: JIT, statement caches, the first connection.
      await withDeadline(options.runTimeoutMs, `auth ${mode} warm-up`, (signal) => runSequential(drivers[mode], latency, 50, signal));
    }
    for (let run = 0; run < options.runs; run++) {
      for (const mode of run % 2 === 0 ? (['open', 'required'] as const) : (['required', 'open'] as const)) {
        const l = await withDeadline(options.runTimeoutMs, `auth ${mode} latency`, (signal) =>
          runSequential(drivers[mode], latency, count(latency), signal),
        );
        cost.latencyP50Ms[mode].push(l.p50);
        cost.latencyP99Ms[mode].push(l.p99);
        const o = await withDeadline(options.runTimeoutMs, `auth ${mode} overhead`, (signal) =>
          runBatch(drivers[mode], overhead, count(overhead), signal),
        );
        cost.overheadJobsPerSec[mode].push(o.jobsPerSec);
        log(
          `auth ${mode} run ${run + 1}: latency p50 ${l.p50.toFixed(3)} ms, p99 ${l.p99.toFixed(3)} ms; overhead ${Math.round(o.jobsPerSec)} jobs/s`,
        );
      }
    }
    return cost;
  } catch (error: unknown) {
    return { ...cost, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await Promise.all([servers.open?.stop(), servers.required?.stop()]);
  }
}

export function authCostSection(cost: AuthCost): string {
  const ratio = (a: number[], b: number[]) => (a.length && b.length ? median(b) / median(a) : Number.NaN);
  const f = (n: number, d = 3) => (Number.isFinite(n) ? n.toFixed(d) : '—');
  const rows = [
    ['latency p50, ms', cost.latencyP50Ms, 3],
    ['latency p99, ms', cost.latencyP99Ms, 3],
    ['overhead, jobs/s', cost.overheadJobsPerSec, 0],
  ] as const;
  return [
    '## The cost of auth, limits and guards',
    '',
    'The latency and overhead workloads through GraphQL, on a server in open local mode and on one with `SWITCHYARD_AUTH=required` and a key on every request (key lookup, role checks, the per-key rate limiter, opaque ids), alternating run by run. Medians; the aim is under 5%.',
    '',
    '| figure | open | auth required | required ÷ open |',
    '|---|---|---|---|',
    ...rows.map(([name, s, d]) => `| ${name} | ${f(median(s.open), d)} | ${f(median(s.required), d)} | ${f(ratio(s.open, s.required), 3)} |`),
    ...(cost.error ? ['', `Failed: ${cost.error}`] : []),
    '',
  ].join('\n');
}
