import { formatBytes, UPLOAD_LIMITS } from '@switchyard/schema';
import { createFetch } from '@whatwg-node/fetch';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * yoga's fetch API with the multipart limits of UPLOAD_LIMITS: busboy (under @whatwg-node) enforces them while the
 * body streams in, so an oversized file is refused before it is held in memory (yoga's documented way to configure
 * multipart limits on Node).
 */
export function uploadLimitedFetchAPI(): ReturnType<typeof createFetch> {
  return createFetch({
    formDataLimits: {
      fileSize: UPLOAD_LIMITS.fileBytes,
      files: UPLOAD_LIMITS.files,
      fields: UPLOAD_LIMITS.fields,
      fieldSize: UPLOAD_LIMITS.fieldBytes,
    },
  });
}

type LimitCode = 'REQUEST_TOO_LARGE' | 'FILE_TOO_LARGE' | 'TOO_MANY_FILES' | 'TOO_MANY_FIELDS' | 'FIELD_TOO_LARGE';

/** A refused request: HTTP 413, and a GraphQL error naming the limit, its code and number in `extensions`. */
function refusal(code: LimitCode, limit: number, message: string) {
  return createGraphQLError(message, { extensions: { code, limit, http: { status: 413 } } });
}

const REQUEST_TOO_LARGE = (got?: number) =>
  refusal(
    'REQUEST_TOO_LARGE',
    UPLOAD_LIMITS.requestBytes,
    `The request body is ${got === undefined ? 'larger than the limit' : `${got} bytes`}; a request holds at most ${formatBytes(UPLOAD_LIMITS.requestBytes)} (the request size limit; an uploaded file at most ${formatBytes(UPLOAD_LIMITS.fileBytes)})`,
  );

/**
 * The errors the multipart and body parsers raise for a crossed limit (@whatwg-node's messages, which yoga passes on
 * or wraps in "POST body sent invalid multipart data: …"), as our own: one code and message for each limit.
 */
const PARSER_LIMITS: ReadonlyArray<[RegExp, () => Error]> = [
  [/Request body too large/, () => REQUEST_TOO_LARGE()],
  [
    /File size limit exceeded/,
    () => refusal('FILE_TOO_LARGE', UPLOAD_LIMITS.fileBytes, `The file is larger than ${formatBytes(UPLOAD_LIMITS.fileBytes)}, the file size limit`),
  ],
  [
    /Files limit exceeded/,
    () => refusal('TOO_MANY_FILES', UPLOAD_LIMITS.files, `More than ${UPLOAD_LIMITS.files} file in one request (the file count limit)`),
  ],
  [
    /Fields limit exceeded/,
    () =>
      refusal(
        'TOO_MANY_FIELDS',
        UPLOAD_LIMITS.fields,
        `More than ${UPLOAD_LIMITS.fields} multipart fields besides the file (operations and map; the field count limit)`,
      ),
  ],
  [
    /Field value size exceeded/,
    () =>
      refusal(
        'FIELD_TOO_LARGE',
        UPLOAD_LIMITS.fieldBytes,
        `A multipart field (operations or map) is larger than ${formatBytes(UPLOAD_LIMITS.fieldBytes)} (the field size limit)`,
      ),
  ],
];

function asLimitError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const known = PARSER_LIMITS.find(([pattern]) => pattern.test(error.message));
  return known ? known[1]() : error;
}

/** Only a single non-negative integer is a Content-Length (Node's parser refuses the rest before this runs, too). */
const CONTENT_LENGTH = /^\d+$/;

/**
 * The request size limit and the multipart limits, each refused with its own error (HTTP 413), and the parsers'
 * limit errors renamed. Runs after yoga's parsers are chosen.
 *
 * This is the request size limit, in place of yoga's `maxRequestBodySize` (off in server.ts). yoga re-wraps every
 * body in a web TransformStream to count its bytes, and its pipeline's end built a DOMException per request: about
 * a tenth of a one-job submission's time on the server. A body with a Content-Length needs no counting, since Node's
 * HTTP parser reads exactly that many bytes, so a length within the limit is the whole check. Only a body without
 * one (chunked, as the CLI streams files) is counted as it streams, and refused once it crosses the limit.
 */
export function useUploadLimits(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const header = request.headers.get('content-length');
      if (header !== null) {
        if (!CONTENT_LENGTH.test(header)) {
          throw createGraphQLError('The Content-Length header is not a number of bytes', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(header) > UPLOAD_LIMITS.requestBytes) throw REQUEST_TOO_LARGE(Number(header));
      }
      if (!requestParser) return;
      const counted = header === null && request.body !== null;
      setRequestParser(async (req) => {
        try {
          return await requestParser(counted ? countedRequest(req, fetchAPI) : req);
        } catch (error: unknown) {
          throw asLimitError(error);
        }
      });
    },
  };
}

/** The request with its body counted as it streams: an error once it passes the request size limit. */
function countedRequest(request: Request, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  let bytes = 0;
  // A native body pipes only into the native TransformStream (graphql-yoga issue 4583); a ponyfilled one into its own.
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const body = request.body!.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > UPLOAD_LIMITS.requestBytes) controller.error(REQUEST_TOO_LARGE());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  } as RequestInit);
}
