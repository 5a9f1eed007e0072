/**
 * The dashboard's Content-Security-Policy: only its own assets, nothing inline but what its HTML itself carries. A
 * Next.js static export bootstraps with inline scripts (the chunk loader and the `self.__next_f.push(…)` RSC payload)
 * and may render a few `style="…"` attributes; a nonce is impossible for files served as they are, so each HTML
 * file's own inline scripts and style attributes are allowed by their SHA-256 hashes, and nothing else inline runs.
 * Styles set from script (React's `style` prop on the client) go through the CSSOM, which CSP does not restrict.
 *
 * The HTML is Next's own output, so a regular expression suffices to find its inline scripts: a script's text ends
 * at the first `</script` (the HTML parser does the same; Next escapes it inside its payloads). A hash that did not
 * match would fail closed: the browser refuses the script and reports it (tests/e2e/security-headers.test.ts).
 */
import { createHash } from 'node:crypto';

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi;
const STYLE_ATTRIBUTE = /\sstyle="([^"]*)"/gi;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Decodes the entities an attribute value may carry; the hash is of the value the browser sees. */
function attributeValue(raw: string): string {
  return raw.replace(
    /&(quot|amp|lt|gt|#39|#x27);/g,
    (_, entity: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'", '#x27': "'" })[entity]!,
  );
}

/** The policy for one HTML file of the dashboard. */
export function dashboardCsp(html: string): string {
  const scripts = new Set<string>();
  for (const [, body] of html.matchAll(INLINE_SCRIPT)) if (body) scripts.add(sha256(body));
  const styles = new Set<string>();
  for (const [, value] of html.matchAll(STYLE_ATTRIBUTE)) styles.add(sha256(attributeValue(value!)));
  return [
    "default-src 'self'",
    `script-src 'self' ${[...scripts].join(' ')}`.trim(),
    // 'unsafe-hashes' lets the listed hashes match style attributes too (and only those hashes).
    styles.size > 0 ? `style-src 'self' 'unsafe-hashes' ${[...styles].join(' ')}` : "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
