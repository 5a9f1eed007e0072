import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { OutboundRefusedError, ResponseTooLargeError, TaskFailedError } from '../errors.ts';
import { outboundPolicy, type OutboundPolicy } from './outbound-policy.ts';

/** What a task asks of the outbound HTTP helper. */
export interface GuardedRequest {
  readonly url: string;
  /** @default 'GET' */
  readonly method?: 'GET' | 'HEAD';
  readonly signal?: AbortSignal;
  /** The most response bytes read; past it the request fails with BODY_TOO_LARGE. @default 16 MiB */
  readonly maxBodyBytes?: number;
  /** Whether to keep the body (false: it is drained up to maxBodyBytes and dropped). @default true */
  readonly readBody?: boolean;
  /** A time cap on the whole exchange, redirects included. @default 30_000 */
  readonly timeoutMs?: number;
  /** Redirects followed (each hop checked again). @default 5 */
  readonly maxRedirects?: number;
  /** The allowlist, in SWITCHYARD_HTTP_ALLOW's syntax. @default process.env.SWITCHYARD_HTTP_ALLOW */
  readonly allow?: string;
}

export interface GuardedResponse {
  readonly status: number;
  readonly ok: boolean;
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body (empty when readBody is false or for HEAD). */
  readonly body: Buffer;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REDIRECTS = 5;

/** One keep-alive agent per policy: its lookup refuses what the policy refuses, for every connection it opens. */
const agents = new Map<OutboundPolicy, Dispatcher>();

function agentFor(policy: OutboundPolicy): Dispatcher {
  let agent = agents.get(policy);
  if (!agent) {
    agent = new Agent({
      connect: {
        // Called for every connection to a name, redirects included: the address is checked where it is used, so
        // a name that resolves to a public address when asked and to a private one when connecting gains nothing.
        lookup: (hostname, options, callback) => {
          dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
            if (error) return callback(error, '', 4);
            const allowed = policy.allowsHost(hostname) ? addresses : addresses.filter((a) => policy.allowsAddress(a.address));
            if (allowed.length === 0) return callback(new OutboundRefusedError(hostname), '', 4);
            if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
            callback(null, allowed[0]!.address, allowed[0]!.family);
          });
        },
      },
    });
    agents.set(policy, agent);
  }
  return agent;
}

/** Refuses a URL whose host is a literal address the policy does not allow (no lookup happens for those). */
function checkLiteral(url: URL, policy: OutboundPolicy): void {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) && !policy.allowsHost(host) && !policy.allowsAddress(host)) throw new OutboundRefusedError(host);
}

/**
 * HTTP for tasks, closed by default to the server's own network (see outbound-policy.ts), with the body read as a
 * stream under a size cap and the whole exchange under a time cap. Redirects are followed by hand, each hop checked
 * again. A refused destination is refused before any connection, with one error whatever is there: a team learns
 * nothing about which ports are open. Built-in tasks use it; user tasks should too (`guardedFetch` from the engine).
 */
export async function guardedFetch(req: GuardedRequest): Promise<GuardedResponse> {
  const policy = outboundPolicy(req.allow);
  const maxBodyBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const method = req.method ?? 'GET';
  let url = new URL(req.url);
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TaskFailedError(`Refused to follow a redirect to ${url.protocol} URL`, 'HTTP_ERROR');
    checkLiteral(url, policy);
    const response = await request(url, { method, signal, dispatcher: agentFor(policy) });
    const location = response.headers.location;
    if (
      response.statusCode >= 300 &&
      response.statusCode < 400 &&
      typeof location === 'string' &&
      hop < (req.maxRedirects ?? DEFAULT_MAX_REDIRECTS)
    ) {
      await response.body.dump();
      url = new URL(location, url);
      continue;
    }
    const body = req.readBody === false || method === 'HEAD' ? await drain(response, maxBodyBytes) : await readCapped(response, maxBodyBytes, url);
    return {
      status: response.statusCode,
      ok: response.statusCode >= 200 && response.statusCode < 300,
      url: url.href,
      headers: response.headers,
      body,
    };
  }
}

async function readCapped(response: Dispatcher.ResponseData, maxBytes: number, url: URL): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.body.destroy();
      throw new ResponseTooLargeError(url.href, maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Reads and drops up to the cap so the connection can be reused; past it the connection is closed instead. */
async function drain(response: Dispatcher.ResponseData, maxBytes: number): Promise<Buffer> {
  await response.body.dump({ limit: maxBytes });
  return Buffer.alloc(0);
}
