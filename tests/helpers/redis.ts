import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { closedPort } from './ports.ts';

/** Debian's redis-server (`apt-get install -y redis-server`; .ci/run installs it). Tests that need it fail without it. */
const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** The PID of the running server. */
  readonly pid: number;
  /** Stops it (SIGTERM, SIGKILL after 5 s) and starts a fresh, empty one on the same port: a Redis restart. */
  restart(): Promise<void>;
  /** Stops it (by PID); the port then refuses connections until start() or restart(). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty, after stop(). */
  start(): Promise<void>;
}

/**
 * A real redis-server on 127.0.0.1, on a free port, with no persistence (nothing written to disk, so a restart is
 * empty, as a crashed cache would be). Resolves once it answers PING. If it cannot start, this rejects: the test
 * fails, it is never skipped.
 */
export async function startRedis({ timeoutMs = 10_000 } = {}): Promise<RedisServer> {
  installIfMissing();
  const port = await closedPort();
  let child = await spawnRedis(port, timeoutMs);
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid!;
    },
    async stop() {
      await stopChild(child);
    },
    async start() {
      if (child.exitCode === null && child.signalCode === null) return;
      child = await spawnRedis(port, timeoutMs);
    },
    async restart() {
      await stopChild(child);
      child = await spawnRedis(port, timeoutMs);
    },
  };
  return server;
}

/** As .ci/run does: Debian's package, when the binary is missing and we may install (root). Else spawning fails. */
function installIfMissing(): void {
  if (process.env.REDIS_SERVER || spawnSync('sh', ['-c', 'command -v redis-server']).status === 0) return;
  if (process.getuid?.() !== 0) return;
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

async function spawnRedis(port: number, timeoutMs: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(new Error(`redis-server could not be started (${error.message}); install it: apt-get install -y redis-server`)),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before answering PING:\n${output}`)));
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (await Promise.race([ping(port), failed])) return child;
      if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port} within ${timeoutMs} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } catch (error: unknown) {
    await stopChild(child);
    throw error;
  }
}

/** True once the server on `port` answers PING with PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
