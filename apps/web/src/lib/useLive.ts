'use client';

import { useEffect, useRef, useState } from 'react';
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
  const [result, setResult] = useState<LiveResult<T>>({ data: undefined, state: 'connecting', error: undefined });
  const onData = useRef(opts.onData);
  onData.current = opts.onData;
  const varsKey = JSON.stringify(variables);

  useEffect(() => {
    if (opts.pause) {
      setResult((r) => ({ ...r, state: 'paused' }));
      return;
    }
    setResult((r) => ({ ...r, state: 'connecting', error: undefined }));
    const sub = client.subscription<T, V>(query, JSON.parse(varsKey) as V).subscribe((res) => {
      if (res.error) {
        setResult((r) => ({ ...r, state: 'error', error: res.error?.message }));
        return;
      }
      if (res.data !== undefined) {
        const data = res.data;
        try {
          onData.current?.(data);
        } catch (e) {
          // A bug in a snapshot handler must not end the subscription.
          console.error('live snapshot handler failed', e);
        }
        setResult({ data, state: res.hasNext === false ? 'ended' : 'live', error: undefined });
      }
    });
    return () => sub.unsubscribe();
  }, [client, query, varsKey, opts.pause, opts.epoch]);

  return result;
}
