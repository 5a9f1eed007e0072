'use client';

import { memo, useMemo } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis, useXAxisScale, useYAxisScale } from 'recharts';
import { fmtInt, fmtMs, fmtPct, statusLabel } from '@/lib/format';
import type { TimelineEntry } from './queries';

/** Job status → fill. The legend below names each colour in words. */
export const TIMELINE_COLOURS: Record<string, string> = {
  SUCCEEDED: '#1f8a4c',
  FAILED: '#c73a3a',
  TIMED_OUT: '#e07b39',
  CANCELLED: '#7a8291',
  RUNNING: '#2f6fdf',
  QUEUED: '#c9ced8',
};

const MAX_SLOT_ROWS_LISTED = 50;

export interface TimelineSummary {
  slots: number;
  jobs: number;
  spanMs: number;
  /** Most jobs running at the same instant. */
  peakParallel: number;
  /** Sum of job run time ÷ (slots × span). */
  busy: number;
  perSlot: { slot: number; jobs: number; busyMs: number; busy: number }[];
  byStatus: { status: string; count: number }[];
}

export function summarise(entries: readonly TimelineEntry[]): TimelineSummary {
  const spanMs = entries.reduce((m, e) => Math.max(m, e.endMs), 0);
  const slots = entries.reduce((m, e) => Math.max(m, e.slot + 1), 0);
  const perSlot = Array.from({ length: slots }, (_, slot) => ({ slot, jobs: 0, busyMs: 0, busy: 0 }));
  const status = new Map<string, number>();
  for (const e of entries) {
    const s = perSlot[e.slot]!;
    s.jobs++;
    s.busyMs += Math.max(0, e.endMs - e.startMs);
    status.set(e.status, (status.get(e.status) ?? 0) + 1);
  }
  for (const s of perSlot) s.busy = spanMs > 0 ? s.busyMs / spanMs : 0;
  // Peak overlap: sweep the starts and ends in time order (an end before a start at the same instant).
  const events = entries.flatMap<[number, number]>((e) => [
    [e.startMs, 1],
    [e.endMs, -1],
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peakParallel = 0;
  for (const [, d] of events) peakParallel = Math.max(peakParallel, (now += d));
  const totalBusy = perSlot.reduce((a, s) => a + s.busyMs, 0);
  return {
    slots,
    jobs: entries.length,
    spanMs,
    peakParallel,
    busy: slots > 0 && spanMs > 0 ? totalBusy / (slots * spanMs) : 0,
    perSlot,
    byStatus: [...status.entries()].map(([s, count]) => ({ status: s, count })),
  };
}

/** The job rectangles, drawn inside the chart with its own axis scales. */
function JobRects({ entries, label }: { entries: readonly TimelineEntry[]; label: string }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className="timeline-jobs" aria-hidden="true" data-label={label}>
      {entries.map((e) => {
        const x1 = x(e.startMs) ?? 0;
        const x2 = x(e.endMs) ?? x1;
        const ya = y(e.slot - 0.42) ?? 0;
        const yb = y(e.slot + 0.42) ?? ya;
        return (
          <rect
            key={e.index}
            data-testid="timeline-job"
            data-status={e.status}
            x={Math.min(x1, x2)}
            y={Math.min(ya, yb)}
            width={Math.max(1, Math.abs(x2 - x1))}
            height={Math.max(0.5, Math.abs(yb - ya))}
            fill={TIMELINE_COLOURS[e.status] ?? '#444'}
            stroke="#fff"
            strokeWidth={Math.abs(yb - ya) > 6 ? 0.5 : 0}
          >
            <title>
              Job #{e.index} · slot {e.slot + 1} · {fmtMs(e.startMs)} → {fmtMs(e.endMs)} ({fmtMs(e.endMs - e.startMs)}) · {statusLabel(e.status)}
            </title>
          </rect>
        );
      })}
    </g>
  );
}

/**
 * A task-stream timeline: one row per slot (worker or concurrency slot), one rectangle per job from its start to
 * its end, coloured by status. Overlap across rows is parallelism; white space inside a row is idle time.
 */
export const TaskStreamTimeline = memo(function TaskStreamTimeline({
  entries,
  label,
  total,
  domainMs,
  testId,
}: {
  entries: readonly TimelineEntry[];
  label: string;
  total: number;
  /** The x axis' end: shared across runs to compare them at one scale, or this run's own span. */
  domainMs?: number | undefined;
  testId?: string;
}) {
  const s = useMemo(() => summarise(entries), [entries]);
  const end = Math.max(1, domainMs ?? s.spanMs);
  const rows = Math.max(1, s.slots);
  const rowPx = rows <= 8 ? 26 : rows <= 40 ? 12 : Math.max(0.4, 320 / rows);
  const height = Math.min(420, Math.max(90, rows * rowPx + 40));
  // Every row named when there are few; else about six whole-numbered rows, never the half-way domain ends.
  const tickStep = rows <= 16 ? 1 : Math.ceil(rows / 6);
  const ticks = Array.from({ length: Math.ceil(rows / tickStep) }, (_, i) => i * tickStep);
  const bounds = useMemo(
    () => [
      { t: 0, slot: 0 },
      { t: end, slot: rows - 1 },
    ],
    [end, rows],
  );
  const capId = `${testId ?? 'timeline'}-cap`;

  return (
    <figure className="chart timeline" data-testid={testId} data-jobs={entries.length} data-slots={s.slots} aria-labelledby={capId}>
      <figcaption id={capId} className="chart-title">
        {label}: {fmtInt(s.jobs)} {s.jobs === 1 ? 'job' : 'jobs'}
        {total > s.jobs ? ` (the first ${fmtInt(s.jobs)} of ${fmtInt(total)})` : ''} on {fmtInt(s.slots)} {s.slots === 1 ? 'slot' : 'slots'} over{' '}
        {fmtMs(s.spanMs)}; at most {fmtInt(s.peakParallel)} at once; slots busy {fmtPct(s.busy)} of the time.
      </figcaption>
      {entries.length === 0 ? (
        <p className="empty">No jobs ran.</p>
      ) : (
        <div style={{ width: '100%', height }}>
          <ResponsiveContainer width="100%" height="100%">
            <ScatterChart margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="var(--grid)" horizontal={false} />
              <XAxis
                type="number"
                dataKey="t"
                domain={[0, end]}
                allowDataOverflow
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                tickFormatter={(v: number) => fmtMs(v)}
              />
              <YAxis
                type="number"
                dataKey="slot"
                domain={[-0.5, rows - 0.5]}
                reversed
                allowDataOverflow
                ticks={ticks}
                interval={0}
                tick={{ fontSize: 11, fill: 'var(--muted)' }}
                tickFormatter={(v: number) => `slot ${v + 1}`}
                width={54}
              />
              {/* Two invisible points pin the axes; the jobs are drawn by JobRects with the axes' scales. */}
              <Scatter data={bounds} fill="transparent" shape={() => <g />} isAnimationActive={false} />
              <JobRects entries={entries} label={label} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
      )}
      <ul className="legend" aria-label={`${label}: jobs by status`}>
        {s.byStatus.map((b) => (
          <li key={b.status}>
            <span className="swatch" style={{ background: TIMELINE_COLOURS[b.status] ?? '#444' }} aria-hidden="true" />
            <span className="legend-label">{statusLabel(b.status)}</span> <strong>{fmtInt(b.count)}</strong>
          </li>
        ))}
      </ul>
      <details className="slot-table">
        <summary>
          Slots of {label}: jobs and busy time ({fmtInt(s.slots)} {s.slots === 1 ? 'row' : 'rows'})
        </summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th className="num">Slot</th>
                <th className="num">Jobs</th>
                <th className="num">Busy</th>
                <th className="num">Busy %</th>
              </tr>
            </thead>
            <tbody>
              {s.perSlot.slice(0, MAX_SLOT_ROWS_LISTED).map((p) => (
                <tr key={p.slot}>
                  <td className="num">{p.slot + 1}</td>
                  <td className="num">{fmtInt(p.jobs)}</td>
                  <td className="num">{fmtMs(p.busyMs)}</td>
                  <td className="num">{fmtPct(p.busy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {s.perSlot.length > MAX_SLOT_ROWS_LISTED && <p className="hint">…and {fmtInt(s.perSlot.length - MAX_SLOT_ROWS_LISTED)} more slots.</p>}
        </div>
      </details>
    </figure>
  );
});
