/**
 * The client's one error class. Expected refusals (unknown task, invalid items, too many items…) are not errors:
 * they come back as typed values from the schema's result unions. This is for what stops a request from being
 * answered at all, sorted into a closed set of kinds a caller (or the CLI's exit code) can switch on.
 */

/**
 * - `UNREACHABLE`: no HTTP answer (connection refused or reset, DNS, timeout).
 * - `UNAUTHENTICATED`: the server wants a (valid) API key: HTTP 401, or a GraphQL error coded so.
 * - `FORBIDDEN`: the key is known but may not do this: HTTP 403, or a GraphQL error coded so.
 * - `PROTOCOL`: an answer that is not the expected GraphQL result: another HTTP status, unparsable JSON, or GraphQL
 *   errors (a refused page size, a missing batch in a subscription…); `code` carries the server's error code.
 */
export type SwitchyardClientErrorKind = 'UNREACHABLE' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'PROTOCOL';

export class SwitchyardClientError extends Error {
  override readonly name = 'SwitchyardClientError';
  readonly kind: SwitchyardClientErrorKind;
  /** The HTTP status, when there was an answer. */
  readonly status: number | undefined;
  /** The first GraphQL error's `extensions.code` (e.g. `BAD_USER_INPUT`, `NOT_FOUND`), when there was one. */
  readonly code: string | undefined;

  constructor(kind: SwitchyardClientErrorKind, message: string, options: { status?: number; code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.code = options.code;
  }
}

interface GraphQLErrorLike {
  readonly message: string;
  readonly extensions?: { readonly [key: string]: unknown } | undefined;
}

/** A GraphQL `errors` array as one client error; auth codes keep their kind. */
export function fromGraphQLErrors(errors: readonly GraphQLErrorLike[], status?: number): SwitchyardClientError {
  const first = errors[0]?.extensions?.code;
  const code = typeof first === 'string' ? first : undefined;
  const kind = code === 'UNAUTHENTICATED' ? 'UNAUTHENTICATED' : code === 'FORBIDDEN' ? 'FORBIDDEN' : 'PROTOCOL';
  const message = errors.map((e) => e.message).join('; ') || 'GraphQL error';
  return new SwitchyardClientError(kind, message, { ...(status === undefined ? {} : { status }), ...(code === undefined ? {} : { code }) });
}

/** An HTTP status that is not a GraphQL answer, by kind. */
export function fromHttpStatus(status: number, body: string): SwitchyardClientError {
  const detail = body.length > 200 ? `${body.slice(0, 200)}…` : body;
  if (status === 401)
    return new SwitchyardClientError('UNAUTHENTICATED', `The server refused the API key (HTTP 401)${detail ? `: ${detail}` : ''}`, { status });
  if (status === 403)
    return new SwitchyardClientError('FORBIDDEN', `The API key may not do this (HTTP 403)${detail ? `: ${detail}` : ''}`, { status });
  return new SwitchyardClientError('PROTOCOL', `Unexpected HTTP ${status}${detail ? `: ${detail}` : ''}`, { status });
}

/** Anything thrown below the client (socket errors, a graphql-sse NetworkError) as a client error. */
export function coerceClientError(error: unknown): SwitchyardClientError {
  if (error instanceof SwitchyardClientError) return error;
  const response = (error as { response?: { status?: unknown } } | null)?.response;
  if (response && typeof response.status === 'number') return fromHttpStatus(response.status, '');
  const message = error instanceof Error ? error.message : String(error);
  return new SwitchyardClientError('UNREACHABLE', `Cannot reach the Switchyard server: ${message}`, { cause: error });
}
