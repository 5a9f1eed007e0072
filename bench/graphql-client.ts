/**
 * A tiny fetch-based GraphQL client for the bench: plain queries/mutations over HTTP POST, and subscriptions
 * over SSE the way graphql-yoga serves them ("distinct connections" mode: POST with
 * `Accept: text/event-stream`, then `event: next` / `data: {...}` frames and a final `event: complete`).
 * Deliberately no client library: the bench should measure the server, not a client's caching or batching.
 */

export interface GraphQLErrorEntry {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: Record<string, unknown>;
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly detail: { status?: number; errors?: readonly GraphQLErrorEntry[]; body?: string; query?: string },
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

interface ExecutionResult<T> {
  data?: T | null;
  errors?: readonly GraphQLErrorEntry[];
}

function describeErrors(errors: readonly GraphQLErrorEntry[]): string {
  return errors.map((e) => e.message + (e.path ? ` (at ${e.path.join('.')})` : '')).join('; ');
}

export class GraphQLClient {
  constructor(
    readonly endpoint: string,
    /** Sent with every request (an API key's Authorization header). */
    readonly headers: Record<string, string> = {},
  ) {}

  /** One query or mutation. Throws on HTTP errors and on any GraphQL `errors`, with the response attached. */
  async request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...this.headers },
      body: JSON.stringify({ query, variables }),
      ...(signal ? { signal } : {}),
    });
    const body = await res.text();
    let parsed: ExecutionResult<T>;
    try {
      parsed = JSON.parse(body) as ExecutionResult<T>;
    } catch {
      throw new GraphQLRequestError(`HTTP ${res.status}: response is not JSON`, { status: res.status, body: body.slice(0, 2000), query });
    }
    if (parsed.errors?.length) {
      throw new GraphQLRequestError(`GraphQL error: ${describeErrors(parsed.errors)}`, {
        status: res.status,
        errors: parsed.errors,
        body: body.slice(0, 2000),
        query,
      });
    }
    if (!res.ok || parsed.data == null) {
      throw new GraphQLRequestError(`HTTP ${res.status} without data`, { status: res.status, body: body.slice(0, 2000), query });
    }
    return parsed.data;
  }

  /**
   * A subscription over SSE. Yields each `next` payload's data; returns on `complete`, on the server closing
   * the stream, or when the consumer stops iterating or `signal` aborts (either closes the HTTP request).
   */
  async *subscribe<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): AsyncGenerator<T, void, undefined> {
    const abort = new AbortController();
    const onAbort = () => abort.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      signal?.throwIfAborted();
      const res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query, variables }),
        signal: abort.signal,
      });
      const contentType = res.headers.get('content-type') ?? '';
      if (!res.ok || !contentType.includes('text/event-stream') || !res.body) {
        const body = await res.text();
        throw new GraphQLRequestError(`subscription refused: HTTP ${res.status} ${contentType}`, {
          status: res.status,
          body: body.slice(0, 2000),
          query,
        });
      }
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
        let end: number;
        // Frames are separated by a blank line; a frame may carry several `data:` lines (joined by \n).
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) continue; // keep-alive comment
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
          }
          if (event === 'complete') return;
          if (data.length === 0) continue;
          const payload = JSON.parse(data.join('\n')) as ExecutionResult<T>;
          if (payload.errors?.length) {
            throw new GraphQLRequestError(`subscription error: ${describeErrors(payload.errors)}`, { errors: payload.errors, query });
          }
          if (payload.data != null) yield payload.data;
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      abort.abort(); // closes the stream if the consumer stopped early; a no-op once the response has ended
    }
  }
}
