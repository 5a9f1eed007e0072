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

/**
 * The request size limit and the multipart limits, each refused with its own error (HTTP 413). yoga's
 * `maxRequestBodySize` (set to the same number) checks the body as it streams; this answers first where the
 * Content-Length already tells, and renames the parsers' limit errors. Runs after yoga's parsers are chosen.
 */
export function useUploadLimits(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      const length = Number(request.headers.get('content-length') ?? Number.NaN);
      if (length > UPLOAD_LIMITS.requestBytes) throw REQUEST_TOO_LARGE(length);
      if (!requestParser) return;
      setRequestParser(async (req) => {
        try {
          return await requestParser(req);
        } catch (error: unknown) {
          throw asLimitError(error);
        }
      });
    },
  };
}
