import { graphql } from '@/gql';
import type { BatchCountsFragment } from '@/gql/graphql';
import { fmtInt } from '@/lib/format';

/** Jobs per state, and how many have finished (the server decides which states are final). */
export const BATCH_COUNTS_FRAGMENT = graphql(`
  fragment BatchCounts on Counts { queued running succeeded failed cancelled timedOut finished }
`);

type Counts = BatchCountsFragment;

type StateKey = Exclude<keyof Counts, '__typename' | 'finished'>;

const SEGMENTS: { key: StateKey; label: string }[] = [
  { key: 'succeeded', label: 'succeeded' },
  { key: 'failed', label: 'failed' },
  { key: 'timedOut', label: 'timed out' },
  { key: 'cancelled', label: 'cancelled' },
  { key: 'running', label: 'running' },
];

/** Percent of `total`, rounded down to a tenth: 99.96% of jobs done must not read 100%. */
const percentOf = (n: number, total: number) => (total > 0 ? Math.floor((n / total) * 1000) / 10 : 0);

/**
 * A progress bar split by state. To assistive technology it is one progressbar named after its batch: its value is
 * the percentage done (succeeded, failed or timed out), and its value text adds the cancelled share and the
 * per-state breakdown. Cancelled jobs are not work done: a cancelled batch reads "62% done, 38% cancelled", never 100%.
 */
export function BatchProgressBar({ label, total, counts, compact = false }: { label: string; total: number; counts: Counts; compact?: boolean }) {
  const done = counts.succeeded + counts.failed + counts.timedOut;
  const pct = percentOf(done, total);
  const cancelledPct = counts.cancelled > 0 ? percentOf(counts.cancelled, total) : null;
  const breakdown = SEGMENTS.filter((s) => counts[s.key] > 0)
    .map((s) => `${fmtInt(counts[s.key])} ${s.label}`)
    .join(', ');
  const cancelledText = cancelledPct === null ? '' : `, ${cancelledPct}% cancelled`;
  return (
    <div className={compact ? 'progress compact' : 'progress'}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={`${label} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct}% done${cancelledText}${breakdown ? ` (${breakdown})` : ''}`}
      >
        {SEGMENTS.map((s) =>
          counts[s.key] > 0 && total > 0 ? (
            <span
              key={s.key}
              className={`seg seg-${s.key}`}
              style={{ width: `${(counts[s.key] / total) * 100}%` }}
              title={`${fmtInt(counts[s.key])} ${s.label}`}
            />
          ) : null,
        )}
      </div>
      <span className="progress-text">
        <span className="progress-pct">{pct}%</span>
        {!compact && <span className="muted"> done</span>}
        {cancelledPct !== null && (
          <span className="progress-cancelled" data-testid="progress-cancelled">
            {' '}
            · {cancelledPct}% cancelled
          </span>
        )}
        {!compact && (
          <span className="muted">
            {' '}
            · {fmtInt(counts.finished)} / {fmtInt(total)} finished
          </span>
        )}
      </span>
    </div>
  );
}

export function CountsLegend({ counts }: { counts: Counts }) {
  const all: { key: StateKey; label: string }[] = [{ key: 'queued', label: 'queued' }, ...SEGMENTS];
  return (
    <ul className="legend" aria-label="Jobs by status">
      {all.map((s) => (
        <li key={s.key}>
          <span className={`swatch seg-${s.key}`} aria-hidden="true" />
          <span className="legend-label">{s.label}</span> <strong data-count={s.key}>{fmtInt(counts[s.key])}</strong>
        </li>
      ))}
    </ul>
  );
}
