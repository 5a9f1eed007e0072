import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardedFetch, outboundPolicy } from '@switchyard/engine';
import { engineForEachTest, submitOk } from '../helpers/engine.ts';

/** A real HTTP server on loopback; `routes` answer by path. Closed after each test. */
let servers: Server[] = [];
async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

const engine = engineForEachTest({ threads: 1 });

describe('the outbound policy', () => {
  it('refuses loopback, private, link-local, metadata, CGNAT and unique-local addresses, and allows public unicast', () => {
    const closed = outboundPolicy('');
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.100.100.200',
      '0.0.0.0',
      '::1',
      '::ffff:127.0.0.1',
      'fd00:ec2::254',
      'fe80::1',
      '224.0.0.1',
    ]) {
      expect(closed.allowsAddress(address), address).toBe(false);
    }
    expect(closed.allowsAddress('93.184.216.34')).toBe(true);
    expect(closed.allowsAddress('2606:2800:220:1::1')).toBe(true);
  });

  it('opens exactly what SWITCHYARD_HTTP_ALLOW names: addresses, CIDR ranges and host names', () => {
    const open = outboundPolicy('127.0.0.1, 10.0.0.0/8 ,status.internal');
    expect(open.allowsAddress('127.0.0.1')).toBe(true);
    expect(open.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(open.allowsAddress('127.0.0.2')).toBe(false);
    expect(open.allowsAddress('10.200.3.4')).toBe(true);
    expect(open.allowsAddress('192.168.0.1')).toBe(false);
    expect(open.allowsHost('STATUS.internal')).toBe(true);
    expect(open.allowsHost('other.internal')).toBe(false);
  });
});

describe('guardedFetch', () => {
  it('refuses a loopback destination before connecting, with the same error whether a port is open or closed', async () => {
    const open = await serve((_, res) => res.end('hello'));
    const closedPort = await serve(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const errors = [];
    for (const url of [`http://127.0.0.1:${open}/`, `http://127.0.0.1:${closedPort}/`, `http://localhost:${open}/`, `http://[::1]:${open}/`]) {
      errors.push(
        await guardedFetch({ url, allow: '' }).then(
          () => null,
          (e: unknown) => e as { code: string; message: string },
        ),
      );
    }
    expect(errors.map((e) => e?.code)).toEqual(['DESTINATION_REFUSED', 'DESTINATION_REFUSED', 'DESTINATION_REFUSED', 'DESTINATION_REFUSED']);
    expect(errors[0]!.message).toBe(errors[1]!.message); // nothing tells an open port from a closed one
    expect(errors[0]!.message).not.toContain(String(open));
    // Allowed, the same server answers.
    const ok = await guardedFetch({ url: `http://127.0.0.1:${open}/`, allow: '127.0.0.1' });
    expect([ok.status, ok.body.toString()]).toEqual([200, 'hello']);
  });

  it('checks every redirect hop again: an allowed name cannot redirect to a refused address', async () => {
    const port = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: `http://127.0.0.1:${port}/inside` }).end();
      else res.end('inside');
    });
    const followed = await guardedFetch({ url: `http://localhost:${port}/start`, allow: 'localhost,127.0.0.1' });
    expect(followed.body.toString()).toBe('inside');
    await expect(guardedFetch({ url: `http://localhost:${port}/start`, allow: 'localhost' })).rejects.toMatchObject({ code: 'DESTINATION_REFUSED' });
  });

  it('caps the body while reading it, and an uptime check drains a huge body without holding it', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const port = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let sent = 0;
      const more = () => {
        while (sent < 400 && res.write(chunk)) sent++;
        if (sent >= 400) res.end();
        else res.once('drain', more);
      };
      res.on('error', () => {});
      more();
    });
    await expect(guardedFetch({ url: `http://127.0.0.1:${port}/`, allow: '127.0.0.1', maxBodyBytes: 2 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
    });
    const before = process.memoryUsage().rss;
    const drained = await guardedFetch({ url: `http://127.0.0.1:${port}/`, allow: '127.0.0.1', readBody: false });
    expect(drained.status).toBe(200);
    expect(drained.body.length).toBe(0);
    expect((process.memoryUsage().rss - before) / 1024 / 1024).toBeLessThan(100); // a 400 MiB body, never held
  });

  it('makes http.check fail with DESTINATION_REFUSED by default, and reach loopback once allowed', async () => {
    const port = await serve((_, res) => res.end('up'));
    vi.stubEnv('SWITCHYARD_HTTP_ALLOW', '');
    try {
      const e = await engine();
      const refused = submitOk(e, { task: 'http.check', items: [{ url: `http://127.0.0.1:${port}/` }], maxAttempts: 1 });
      expect((await e.waitForBatch(refused.id)).status).toBe('FAILED');
      expect(e.listJobs(refused.id, undefined, 1).items[0]!.error).toMatchObject({ code: 'DESTINATION_REFUSED' });
      vi.stubEnv('SWITCHYARD_HTTP_ALLOW', '127.0.0.1');
      const allowed = submitOk(e, { task: 'http.check', items: [{ url: `http://127.0.0.1:${port}/` }] });
      expect((await e.waitForBatch(allowed.id)).status).toBe('SUCCEEDED');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
