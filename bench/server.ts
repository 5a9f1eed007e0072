/**
 * Starts the real API server as a child process for the bench, and stops it.
 * Spawned as `node --import tsx apps/api/src/main.ts` directly (not through npm/npx) so that the PID we hold
 * is the server's own and SIGTERM reaches it, not a wrapper.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  readonly pid: number;
  /** Base URL as printed by the server, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  /** `<url>graphql` */
  readonly graphqlUrl: string;
  /** Last lines of the server's stdout and stderr, for error reports. */
  output(): string;
  stop(): Promise<void>;
}

const LISTENING = /listening on (http:\/\/[^\s"]+)/;
const KEEP_LINES = 200;

export interface StartOptions {
  readonly repoRoot: string;
  /** How long to wait for the "listening on" line; the first start compiles TypeScript through tsx. */
  readonly startTimeoutMs?: number;
  /** After SIGTERM, how long to wait before SIGKILL. */
  readonly stopTimeoutMs?: number;
  /** Extra environment for the server. */
  readonly env?: Record<string, string>;
  /** Runs on the fresh database file before the server starts (e.g. to create an API key). */
  readonly prepare?: (dbPath: string) => void;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { repoRoot, startTimeoutMs = 60_000, stopTimeoutMs = 10_000 } = options;
  // A fresh database per bench so runs never see (or pay for) another run's jobs.
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  options.prepare?.(join(dataDir, 'bench.db'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SWITCHYARD_DB: join(dataDir, 'bench.db'),
      NEXT_TELEMETRY_DISABLED: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  // Keep draining both pipes for the server's whole life: a server that logs per request would otherwise
  // block on a full pipe and the bench would measure that.
  const lines: string[] = [];
  const keep = (stream: string) => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(stream === 'stderr' ? `[stderr] ${line}` : line);
      if (lines.length > KEEP_LINES) lines.shift();
    }
  };
  child.stdout.on('data', keep('stdout'));
  child.stderr.on('data', keep('stderr'));
  const output = () => lines.join('\n');

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const cleanup = async () => {
    await stopChild(child, exited, stopTimeoutMs);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await waitForListening(child, exited, startTimeoutMs, output);
    return {
      pid: child.pid!,
      url,
      graphqlUrl: new URL('graphql', url).toString(),
      output,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function waitForListening(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  timeoutMs: number,
  output: () => string,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const match = LISTENING.exec(buffered);
      if (match) {
        done();
        const url = match[1]!;
        resolve(url.endsWith('/') ? url : `${url}/`);
      }
      if (buffered.length > 1_000_000) buffered = buffered.slice(-10_000);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`server did not print "listening on …" within ${timeoutMs} ms. Output:\n${output()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
    };
    // The line is documented on stdout; stderr is watched too in case the logger is pointed there.
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      done();
      reject(new Error(`server exited before listening (code ${code}, signal ${signal}). Output:\n${output()}`));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const result = await Promise.race([exited.then(() => 'exited' as const), deadline]);
  clearTimeout(timer);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
