import type { LiveState } from '@/lib/useLive';

const TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  ended: 'Finished',
  error: 'Disconnected',
  paused: 'Not live',
};

export function LiveBadge({ state, error }: { state: LiveState; error?: string | undefined }) {
  return (
    <span className={`live live-${state}`} role="status" title={error}>
      <span className="live-dot" aria-hidden="true" />
      {TEXT[state]}
      {error ? <span className="sr-only">: {error}</span> : null}
    </span>
  );
}
