import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LISTENING = /listening on (http:\/\/[^\s"]+)/;

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** SIGTERM, then SIGKILL after the deadline; resolves when the process has exited. */
  stop(deadlineMs?: number): Promise<void>;
  /** SIGKILL at once: a crash. */
  kill(): Promise<void>;
}

/**
 * Starts the real server the way `npm start` does (node --import tsx apps/api/src/main.ts), not through npm or
 * npx, so the PID we hold is the server's own.
 */
export async function startServerProcess(
  env: Record<string, string>,
  { timeoutMs = 30_000, args = ['--import', 'tsx', 'apps/api/src/main.ts'] }: { timeoutMs?: number; args?: string[] } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  let url: string;
  try {
    url = await listening;
  } catch (error: unknown) {
    // Never leave a half-started server behind.
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const waitExit = async (deadlineMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    url,
    child,
    output: () => output,
    async stop(deadlineMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await waitExit(deadlineMs);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await waitExit(5_000);
    },
  };
}
