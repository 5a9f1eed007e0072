'use client';

import { useEffect, useEffectEvent, useState } from 'react';
import { useClient, type AnyVariables, type TypedDocumentNode } from 'urql';

export type LiveState = 'connecting' | 'live' | 'ended' | 'error' | 'paused';

export interface LiveResult<T> {
  data: T | undefined;
  state: LiveState;
  error: string | undefined;
}

/**
 * One GraphQL subscription, driven by the client directly so the caller controls restarts (`epoch`) and
 * reacts to every snapshot (`onData`) — e.g. to keep a history for a chart or to re-fetch a table.
 * The server already coalesces snapshots (≤ a few per second), so every one is rendered.
 */
export function useLive<T, V extends AnyVariables>(
  query: TypedDocumentNode<T, V>,
  variables: V,
  opts: { pause?: boolean; epoch?: number; onData?: (data: T) => void } = {},
): LiveResult<T> {
  const client = useClient();
  const pause = opts.pause ?? false;
  const [result, setResult] = useState<LiveResult<T>>(() => ({ data: undefined, state: pause ? 'paused' : 'connecting', error: undefined }));
  // Always the caller's latest handler, without restarting the subscription when it changes.
  const onData = useEffectEvent((data: T) => opts.onData?.(data));
  const varsKey = JSON.stringify(variables);

  // When the subscription is paused or (re)started, show that at once: adjust the state during render
  // (https://react.dev/learn/you-might-not-need-an-effect#adjusting-some-state-when-a-prop-changes),
  // keeping the last data.
  const deps = [client, query, varsKey, pause, opts.epoch] as const;
  const [prevDeps, setPrevDeps] = useState(deps);
  if (deps.some((d, i) => !Object.is(d, prevDeps[i]))) {
    setPrevDeps(deps);
    setResult((r) => (pause ? { ...r, state: 'paused' } : { ...r, state: 'connecting', error: undefined }));
  }

  useEffect(() => {
    if (pause) return;
    const sub = client.subscription<T, V>(query, JSON.parse(varsKey) as V).subscribe((res) => {
      if (res.error) {
        setResult((r) => ({ ...r, state: 'error', error: res.error?.message }));
        return;
      }
      if (res.data !== undefined) {
        const data = res.data;
        try {
          onData(data);
        } catch (e) {
          // A bug in a snapshot handler must not end the subscription.
          console.error('live snapshot handler failed', e);
        }
        setResult({ data, state: res.hasNext === false ? 'ended' : 'live', error: undefined });
      }
    });
    return () => sub.unsubscribe();
  }, [client, query, varsKey, pause, opts.epoch]);

  return result;
}
