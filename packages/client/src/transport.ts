/**
 * GraphQL over HTTP on node:http with one keep-alive agent. Every request reuses a warm socket with Nagle's
 * algorithm off (setNoDelay): without it a small POST on loopback can wait for the peer's delayed ACK. Documents
 * arrive as strings, so a request is one JSON.stringify and one write; nothing is parsed or printed per call.
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { SwitchyardClientError, coerceClientError, fromGraphQLErrors, fromHttpStatus } from './errors.ts';

/** What the generated TypedDocumentString gives: the document text, carrying its result and variables types. */
export interface Document<TResult, TVariables> {
  toString(): string;
  readonly __apiType?: (variables: TVariables) => TResult;
}

export type ResultOf<D> = D extends Document<infer R, unknown> ? R : never;

interface GraphQLResponse {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: { code?: unknown } }>;
}

/** A file part of a multipart request (the GraphQL multipart request spec), streamed as it is read. */
export interface Upload {
  readonly stream: Readable;
  readonly filename: string;
}

/** The subset of a fetch Response that graphql-sse reads; the body is the node stream itself. */
interface SseResponse {
  ok: boolean;
  status: number;
  statusText: string;
  body: Readable;
}

interface SseInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

const SOCKET_ERRORS_MEAN_UNREACHABLE = 'Cannot reach the Switchyard server';

export class HttpTransport {
  readonly endpoint: URL;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(endpoint: URL, apiKey: string | undefined) {
    this.endpoint = endpoint;
    const secure = endpoint.protocol === 'https:';
    this.agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.request = secure ? https.request : http.request;
    this.headers = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  }

  /** One query or mutation as JSON; resolves with `data`, throws a SwitchyardClientError otherwise. */
  execute<TResult, TVariables>(document: Document<TResult, TVariables>, variables?: TVariables): Promise<TResult> {
    const body = JSON.stringify({ query: document.toString(), variables });
    return this.send({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, (req) =>
      req.end(body),
    ) as Promise<TResult>;
  }

  /** A mutation with one file variable, as multipart/form-data; the file is piped, never held in memory. */
  executeUpload<TResult, TVariables, K extends keyof TVariables & string>(
    document: Document<TResult, TVariables>,
    variables: Omit<TVariables, K>,
    fileVariable: K,
    upload: Upload,
  ): Promise<TResult> {
    const boundary = `switchyard-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    const operations = JSON.stringify({ query: document.toString(), variables: { ...variables, [fileVariable]: null } });
    const map = JSON.stringify({ 0: [`variables.${fileVariable}`] });
    const filename = upload.filename.replace(/["\r\n]/g, '_');
    const head =
      `--${boundary}\r\ncontent-disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
      `--${boundary}\r\ncontent-disposition: form-data; name="map"\r\n\r\n${map}\r\n` +
      `--${boundary}\r\ncontent-disposition: form-data; name="0"; filename="${filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    // A multipart POST is a "simple" request a cross-site form could send: the server refuses it without this header.
    return this.send({ 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-graphql-yoga-csrf': '1' }, (req) => {
      req.write(head);
      upload.stream.on('error', (error) => req.destroy(error));
      upload.stream.on('end', () => req.end(tail));
      upload.stream.pipe(req, { end: false });
    }) as Promise<TResult>;
  }

  /** A fetch for graphql-sse over the same agent (it reads ok, status, statusText and an async-iterable body). */
  readonly fetchForSse = (url: string | URL, init: SseInit = {}): Promise<SseResponse> =>
    new Promise((resolve, reject) => {
      const { signal } = init;
      if (signal?.aborted) return reject(signal.reason);
      const req = this.request(url, { method: init.method ?? 'GET', headers: { ...init.headers, ...this.headers }, agent: this.agent });
      // graphql-sse aborts the signal when a stream is done with (completed, disposed or abandoned). Destroying without
      // an error frees the socket and emits no 'error' that nobody would be listening for any more.
      const onAbort = () => req.destroy();
      signal?.addEventListener('abort', onAbort, { once: true });
      req.once('close', () => signal?.removeEventListener('abort', onAbort));
      req.once('socket', (socket) => socket.setNoDelay(true));
      req.once('response', (res) => {
        const status = res.statusCode ?? 0;
        resolve({ ok: status >= 200 && status < 300, status, statusText: res.statusMessage ?? '', body: res });
      });
      req.on('error', (error) => reject(signal?.aborted ? signal.reason : error));
      req.end(init.body);
    });

  /** Closes idle keep-alive sockets; requests after this open new ones. */
  close(): void {
    this.agent.destroy();
  }

  private send(headers: Record<string, string>, writeBody: (req: http.ClientRequest) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = this.request(this.endpoint, {
        method: 'POST',
        agent: this.agent,
        headers: { accept: 'application/graphql-response+json, application/json', ...headers, ...this.headers },
      });
      req.once('socket', (socket) => socket.setNoDelay(true));
      req.once('error', (error) =>
        reject(
          new SwitchyardClientError('UNREACHABLE', `${SOCKET_ERRORS_MEAN_UNREACHABLE} at ${this.endpoint.href}: ${error.message}`, { cause: error }),
        ),
      );
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', (error) => reject(coerceClientError(error)));
        res.once('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          if (status === 401 || status === 403) return reject(fromHttpStatus(status, text));
          let parsed: GraphQLResponse;
          try {
            parsed = JSON.parse(text) as GraphQLResponse;
          } catch (error: unknown) {
            return reject(
              status >= 200 && status < 300
                ? new SwitchyardClientError('PROTOCOL', `The server's answer is not JSON (HTTP ${status})`, { status, cause: error })
                : fromHttpStatus(status, text),
            );
          }
          if (parsed.errors?.length) return reject(fromGraphQLErrors(parsed.errors, status));
          if (parsed.data == null) return reject(fromHttpStatus(status, text));
          resolve(parsed.data);
        });
      });
      writeBody(req);
    });
  }
}
