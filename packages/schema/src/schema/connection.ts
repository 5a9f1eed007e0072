import type { Page } from '@switchyard/engine';
import type { ObjectRef } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { builder, type BuilderTypes } from '../builder.ts';

/** Relay page size bounds: a page is never unbounded. */
export const DEFAULT_PAGE = 50;
// 1,000: the peers harness (../shared/peers) reads a batch of up to 1,000 results in one page.
export const MAX_PAGE = 1000;

export const PageInfoRef = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

export interface ConnectionShape<T> {
  edges: Array<{ node: T; cursor: string }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/**
 * Wraps a store page as a Relay connection; `cursorOf` makes each item's opaque cursor (encodeCursor for a
 * position inside the team's own batch, access.ts's row cursor for a row id, which must not leak).
 */
export function toConnection<T>(page: Page<T>, cursorOf: (item: T) => string): ConnectionShape<T> {
  const edges = page.items.map((node) => ({ node, cursor: cursorOf(node) }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
}

/** The `first` argument of every connection, documented with its bounds. */
export const FIRST_ARG_DESCRIPTION = `Page size: ${DEFAULT_PAGE} by default, at most ${MAX_PAGE}. A larger (or non-positive) value is refused with BAD_USER_INPUT, never capped silently.`;

/** A page size within bounds; anything else is the client's error, named, before any resolver reads. */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE;
  if (first < 1 || first > MAX_PAGE) {
    throw new GraphQLError(`Invalid first: expected a page size from 1 to ${MAX_PAGE}, got ${first}. Page with \`after\` for more.`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'first', max: MAX_PAGE },
    });
  }
  return first;
}

export function encodeCursor(value: string): string {
  return Buffer.from(`c:${value}`).toString('base64url');
}

/** The value inside a cursor, or undefined for none; a cursor that is not ours reads as the start. */
export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  return text.startsWith('c:') ? text.slice(2) : undefined;
}

/** A Relay connection type and its edge type for one node type: `${name}Connection`, `${name}Edge`. */
export function connectionRef<T extends object>(name: string, node: ObjectRef<BuilderTypes, T, T>) {
  const edge = builder.objectRef<{ node: T; cursor: string }>(`${name}Edge`).implement({
    // Pothos cannot resolve its result type for a generic T; the node is the T the ref was made for.
    fields: (t) => ({ node: t.field({ type: node, resolve: (e) => e.node as never }), cursor: t.exposeString('cursor') }),
  });
  return builder.objectRef<ConnectionShape<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [edge], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (c) => c.pageInfo }),
      totalCount: t.exposeInt('totalCount'),
    }),
  });
}
