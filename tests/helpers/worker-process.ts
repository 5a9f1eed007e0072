import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './server-process.ts';

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
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/engine/src/remote/worker-main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it was ready:\n${output}`));
    });
  });
  let id: string;
  try {
    id = await ready;
  } catch (error: unknown) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    id,
    child,
    output: () => output,
    async stop(deadlineMs = 15_000) {
      if (running()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}
