'use client';

import { useSyncExternalStore } from 'react';

/**
 * Whether the dashboard can reach the server, shared by every view: one small external store fed by the urql
 * client (each fetch's outcome) and by every SSE subscription (graphql-sse's connecting/connected events). A view
 * reads it to say "Reconnecting…" and to grey out figures that stopped updating, instead of showing stale numbers
 * as live.
 */
export interface Connection {
  /** False while a fetch failed on the network or a subscription is reconnecting. */
  readonly online: boolean;
  /** When something last arrived from the server (epoch ms), as of the last change of `online`; null before. */
  readonly lastOkAt: number | null;
}

const listeners = new Set<() => void>();
/** Subscriptions whose stream broke and that are retrying. */
const broken = new Set<number>();
let fetchFailed = false;
let lastHeard: number | null = null;
// A new snapshot only when `online` flips: messages arrive several times a second and must not re-render anything.
let state: Connection = { online: true, lastOkAt: null };

function publish(): void {
  const online = broken.size === 0 && !fetchFailed;
  if (online === state.online) return;
  state = { online, lastOkAt: lastHeard };
  for (const l of listeners) l();
}

export const connection = {
  /** A response or a stream message arrived. */
  heard(): void {
    lastHeard = Date.now();
    fetchFailed = false;
    publish();
  },
  /** A fetch failed on the network (not a GraphQL error: the server answered those). */
  fetchFailed(): void {
    fetchFailed = true;
    publish();
  },
  subscriptionBroken(id: number): void {
    broken.add(id);
    publish();
  },
  subscriptionConnected(id: number): void {
    broken.delete(id);
    connection.heard();
  },
  subscriptionGone(id: number): void {
    if (broken.delete(id)) publish();
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const getSnapshot = () => state;
const ONLINE: Connection = { online: true, lastOkAt: null };
const getServerSnapshot = () => ONLINE;

export function useConnection(): Connection {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

const tick = (notify: () => void) => {
  const timer = setInterval(notify, 1_000);
  return () => clearInterval(timer);
};
const still = () => () => undefined;

/** The current second (epoch ms), ticking only while `ticking` (e.g. to say "last updated 12 s ago"); else 0. */
export function useClock(ticking: boolean): number {
  return useSyncExternalStore(
    ticking ? tick : still,
    () => (ticking ? Math.floor(Date.now() / 1_000) * 1_000 : 0),
    () => 0,
  );
}
