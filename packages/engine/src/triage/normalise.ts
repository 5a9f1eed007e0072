/**
 * Failure fingerprints: an error message with the parts that differ from job to job masked, so that 30 refused
 * connections to 30 URLs are one group ("connect ECONNREFUSED <addr>"), not 30 groups of one. The masks run in order,
 * most specific first (a UUID is also hex and digits; a URL holds a host, a port and numbers).
 *
 * Invariant: pure and stable. The fingerprint is written with the job when it fails, and grouping compares them, so
 * a change here regroups only failures written after it.
 */

/** Longer messages are cut before masking: a fingerprint is a group's name, not a copy of the message. */
const MAX_FINGERPRINT_INPUT = 2_000;

const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>()]+/gi, '<url>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<email>'],
  // IPv4 and IPv6 addresses, with an optional port: what Node puts in ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH.
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<addr>'],
  [/\[?(?<![\w:])(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){4})(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])\]?(?::\d+)?/gi, '<addr>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Hex runs long enough to be ids or digests (git shas, object ids, hashes), with at least one digit.
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/gi, '<hex>'],
  // Ids with a prefix: job-123, user_42, #17.
  [/\b[a-z]+[-_]\d+\b/gi, '<id>'],
  [/#\d+\b/g, '#<n>'],
  [/-?\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '<n>'],
];

/** The message with URLs, addresses, uuids, hex, ids and numbers masked, and whitespace collapsed. */
export function normaliseMessage(message: string): string {
  let text = message.length > MAX_FINGERPRINT_INPUT ? message.slice(0, MAX_FINGERPRINT_INPUT) : message;
  for (const [pattern, mask] of MASKS) text = text.replace(pattern, mask);
  return text.replace(/\s+/g, ' ').trim();
}
