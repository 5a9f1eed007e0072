import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A child of ours that has printed its ready line, and the two ways to end it. */
export interface ReadyChild {
  readonly child: ChildProcess;
  /** The first capture group of the ready line. */
  readonly ready: string;
  readonly output: () => string;
  /** SIGTERM, then SIGKILL after the deadline; resolves with the exit code once it has exited. */
  stop(deadlineMs?: number): Promise<number | null>;
  /** SIGKILL at once: a crash. */
  kill(): Promise<void>;
}

/**
 * Spawns `node <args>` in the repository (the binary itself, never npm or npx, so the PID is the process's own) and
 * waits until its output matches `ready`. A child that exits first or misses the deadline is killed, never left.
 */
export async function spawnUntilReady(
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
  { what, timeoutMs }: { what: string; timeoutMs: number },
): Promise<ReadyChild> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const matched = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} was not ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before it was ready:\n${output}`));
    });
  });
  let value: string;
  try {
    value = await matched;
  } catch (error: unknown) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const running = () => child.exitCode === null && child.signalCode === null;
  const waitExit = async (deadlineMs: number) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return {
    child,
    ready: value,
    output: () => output,
    stop(deadlineMs = 15_000) {
      if (running()) child.kill('SIGTERM');
      return waitExit(deadlineMs);
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await waitExit(5_000);
    },
  };
}
