// Profiling harness (not committed): N jobs through the engine in-process, R runs; CPU µs per job of this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '@switchyard/engine';

const task = process.env.TASK ?? 'noop';
const n = Number(process.env.N ?? 10000);
const runs = Number(process.env.RUNS ?? 6);
const tag = (process.env.TAG ?? 'IO') as 'IO' | 'CPU';
const strategy = process.env.EXEC ? { executor: process.env.EXEC as 'ASYNC' } : undefined;
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const engine = await createEngine({ dbPath: join(dir, 'db.sqlite'), logger: false, admission: { maxLoopDelayMs: 600_000 } } as never);
const template = task === 'io.sleep' ? { ms: 100 } : task === 'cpu.fib' ? { n: 15 } : {};
const cpu: number[] = [];
const walls: number[] = [];
for (let r = 0; r < runs; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const res = engine.submitBatch({ task, tag, items: Array.from({ length: n }, () => template), ...(strategy ? { strategy } : {}) } as never);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  const t1 = performance.now();
  await engine.waitForBatch(res.batch.id);
  const t2 = performance.now();
  const c = process.cpuUsage(c0);
  if (r >= 2) { cpu.push((c.user + c.system) / n); walls.push(t2 - t0); }
  if (process.env.VERBOSE) console.log(`run ${r}: submit ${(t1 - t0).toFixed(1)} ms, total ${(t2 - t0).toFixed(1)} ms, cpu ${((c.user + c.system) / n).toFixed(1)} µs/job`);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
console.log(`${task} ×${n}: cpu ${med(cpu).toFixed(1)} µs/job (min ${Math.min(...cpu).toFixed(1)}), wall ${med(walls).toFixed(0)} ms, ${Math.round(n / (med(walls) / 1000))} jobs/s`);
await engine.close();
rmSync(dir, { recursive: true, force: true });
