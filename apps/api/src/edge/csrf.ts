/**
 * CSRF: a page on another site can make the browser send a "simple" request (a GET, or a POST of a form:
 * `application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`) without asking first, with the user's
 * cookies. yoga's CSRF-prevention plugin refuses such a GraphQL request (403) unless it carries a header a form cannot
 * set; a JSON POST is never simple (its content type makes the browser ask first, and CORS then says no).
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/** The header our own clients send (yoga's default name). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * Any one of these will do: each is a custom header, which only a script allowed by CORS can add. The others are the
 * names Apollo's clients and the GraphQL-over-HTTP drafts use, so their upload links work unchanged.
 */
export const CSRF_HEADERS = [CSRF_HEADER, 'graphql-require-preflight', 'apollo-require-preflight'];

export function useCsrf(): Plugin {
  return useCSRFPrevention({ requestHeaders: CSRF_HEADERS });
}
