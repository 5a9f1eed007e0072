/** A small GraphQL-over-HTTP client for tests: queries over fetch, subscriptions over SSE (yoga's default). */
export interface GraphQLResponse<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  return (await gqlResponse<T>(url, query, variables, headers)).body;
}

/** Like gql, with the HTTP status and headers too (auth, quotas). */
export async function gqlResponse<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: GraphQLResponse<T> }> {
  const response = await fetch(`${url}graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<T> };
}

/** Reads an SSE subscription until `until` says stop (or the stream completes); returns every payload. */
export async function subscribe<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  until: (payload: GraphQLResponse<T>) => boolean,
  timeoutMs = 30_000,
  headers: Record<string, string> = {},
): Promise<Array<GraphQLResponse<T>>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`subscription timed out after ${timeoutMs} ms`)), timeoutMs);
  const payloads: Array<GraphQLResponse<T>> = [];
  try {
    const response = await fetch(`${url}graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return payloads;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: complete/m.test(event)) return payloads;
        const data = event
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (!data) continue;
        const payload = JSON.parse(data) as GraphQLResponse<T>;
        payloads.push(payload);
        if (until(payload)) return payloads;
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
