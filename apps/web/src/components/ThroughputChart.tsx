'use client';

import { memo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface RatePoint {
  /** epoch ms */
  t: number;
  /** jobs per second */
  v: number;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

const DAY_MS = 86_400_000;
const two = (n: number) => String(n).padStart(2, '0');

/** Time ticks with the hour, and the date too when the chart spans more than a day. */
function tickFormatter(data: RatePoint[]): (t: number) => string {
  const spanMs = data.length > 1 ? data[data.length - 1]!.t - data[0]!.t : 0;
  return (t) => {
    const d = new Date(t);
    const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    return spanMs > DAY_MS ? `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time.slice(0, 5)}` : time;
  };
}

/**
 * Jobs/s over time. Animation is off: the data changes every second and animating each change would
 * cost frames for nothing. Memoised: a page re-renders on every live snapshot (a few a second), the series only
 * gains a point a second, and drawing the chart is most of a snapshot's main-thread time. The latest value and
 * sample count are exposed as data attributes and as text for screen readers.
 */
export const ThroughputChart = memo(function ThroughputChart({ data, label, height = 160 }: { data: RatePoint[]; label: string; height?: number }) {
  const last = data.length > 0 ? data[data.length - 1]!.v : 0;
  const sum = data.reduce((a, p) => a + p.v, 0);
  return (
    <figure className="chart" data-testid="throughput-chart" data-points={data.length} data-last={last} data-sum={sum} aria-label={label}>
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={tickFormatter(data)}
              tick={{ fontSize: 11, fill: 'var(--muted)' }}
              minTickGap={40}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fontSize: 11, fill: 'var(--muted)' }}
              tickFormatter={(v: number) => compact.format(v)}
              width={48}
              label={{ value: 'jobs/s', angle: -90, position: 'insideLeft', fontSize: 11, fill: 'var(--muted)' }}
            />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()}
              formatter={(v) => [`${Number(v).toFixed(1)} jobs/s`, 'throughput']}
            />
            {/* Straight lines between the measured points: a smoothed curve overshoots them (15/s drawn for a batch capped at 10/s). */}
            <Area type="linear" dataKey="v" stroke="var(--accent)" fill="var(--accent-soft)" strokeWidth={2} isAnimationActive={false} dot={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        {label}: latest {last.toFixed(1)} jobs/s over {data.length} samples.
      </figcaption>
    </figure>
  );
});
