import type { ChildProcess } from 'node:child_process';
import { spawnUntilReady } from './child-process.ts';

const READY = /Switchyard worker (\S+) ready/;

export interface WorkerProcess {
  /** `host:pid`, as it heartbeats. */
  readonly id: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** SIGTERM (it drains), then SIGKILL after the deadline; resolves once it has exited, with its exit code. */
  stop(deadlineMs?: number): Promise<number | null>;
  /** SIGKILL at once: a machine that died. */
  kill(): Promise<void>;
}

/** Starts a remote worker the way `npm run worker` does, without npm in between (the PID is the worker's own). */
export async function startWorkerProcess(env: Record<string, string>, { timeoutMs = 30_000 } = {}): Promise<WorkerProcess> {
  const worker = await spawnUntilReady(['--import', 'tsx', 'packages/engine/src/remote/worker-main.ts'], { LOG_LEVEL: 'warn', ...env }, READY, {
    what: 'the worker',
    timeoutMs,
  });
  return { id: worker.ready, child: worker.child, output: worker.output, stop: (deadlineMs) => worker.stop(deadlineMs), kill: () => worker.kill() };
}
