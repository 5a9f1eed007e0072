import type { ChildProcess } from 'node:child_process';
import { REPO_ROOT, spawnUntilReady } from './child-process.ts';

export { REPO_ROOT };
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
 * npx, so the PID we hold is the server's own. The default deadline is generous: at a load of 9 on this 2-core
 * machine a start measured 15–16 s.
 */
export async function startServerProcess(
  env: Record<string, string>,
  { timeoutMs = 60_000, args = ['--import', 'tsx', 'apps/api/src/main.ts'] }: { timeoutMs?: number; args?: string[] } = {},
): Promise<ServerProcess> {
  const server = await spawnUntilReady(args, { PORT: '0', HOST: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1', ...env }, LISTENING, {
    what: 'the server',
    timeoutMs,
  });
  return {
    url: server.ready,
    child: server.child,
    output: server.output,
    async stop(deadlineMs) {
      await server.stop(deadlineMs);
    },
    kill: () => server.kill(),
  };
}
