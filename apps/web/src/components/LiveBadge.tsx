'use client';

import { useClock, useConnection } from '@/lib/connection';
import type { LiveState } from '@/lib/useLive';

const TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  ended: 'Finished',
  error: 'Disconnected',
  paused: 'Not live',
};

/** "12 s ago", "3 min ago". */
function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1_000));
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

/**
 * The live state of a view. While the server cannot be reached, a stream that would say "Live" says
 * "Reconnecting…" and how old the figures are (the page greys them out, see ConnectionScope).
 */
export function LiveBadge({ state, error }: { state: LiveState; error?: string | undefined }) {
  const { online, lastOkAt } = useConnection();
  const reconnecting = !online && state !== 'ended' && state !== 'paused';
  const now = useClock(reconnecting);
  if (reconnecting) {
    return (
      <span className="live live-reconnecting" role="status" data-live-state="reconnecting">
        <span className="live-dot" aria-hidden="true" />
        Reconnecting…
        {lastOkAt !== null && now > 0 && <span className="live-age">last updated {ago(now - lastOkAt)}</span>}
      </span>
    );
  }
  return (
    <span className={`live live-${state}`} role="status" title={error} data-live-state={state}>
      <span className="live-dot" aria-hidden="true" />
      {TEXT[state]}
      {error ? <span className="sr-only">: {error}</span> : null}
    </span>
  );
}
