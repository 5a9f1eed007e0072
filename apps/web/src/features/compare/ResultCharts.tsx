'use client';

import { Bar, BarChart, CartesianGrid, ComposedChart, LabelList, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtMs, fmtNum, fmtRate } from '@/lib/format';
import { strategyLabel } from '@/lib/format';
import type { ComparisonRun } from './queries';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const TICK = { fontSize: 11, fill: 'var(--muted)' };

/** Bar labels stay on one line: whole milliseconds under a second, else the usual short duration. */
function barMs(ms: number): string {
  return Number.isFinite(ms) && ms < 1_000 ? `${Math.round(ms)} ms` : fmtMs(ms);
}

interface Row {
  label: string;
  wallMs: number;
  throughput: number;
  speedup: number;
  ideal: number;
}

function rows(runs: readonly ComparisonRun[]): Row[] {
  return runs.map((r) => ({ label: strategyLabel(r), wallMs: r.wallMs, throughput: r.throughput, speedup: r.speedup, ideal: r.idealSpeedup }));
}

/** One bar per strategy for one figure, the value printed on each bar, the values as text for screen readers. */
function MetricBars({
  data,
  dataKey,
  title,
  fmt,
  axisFmt = (v: number) => compact.format(v),
  color,
  testId,
}: {
  data: Row[];
  dataKey: 'wallMs' | 'throughput';
  title: string;
  fmt: (n: number) => string;
  axisFmt?: (n: number) => string;
  color: string;
  testId: string;
}) {
  return (
    <figure className="chart" data-testid={testId} data-bars={data.length} aria-labelledby={`${testId}-cap`}>
      <figcaption id={`${testId}-cap`} className="chart-title">
        {title}
      </figcaption>
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 20, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey="label" tick={TICK} interval={0} />
            <YAxis tick={TICK} tickFormatter={axisFmt} width={52} />
            <Tooltip isAnimationActive={false} formatter={(v) => [fmt(Number(v)), title]} />
            <Bar dataKey={dataKey} fill={color} isAnimationActive={false} maxBarSize={64}>
              <LabelList dataKey={dataKey} position="top" formatter={(v: unknown) => fmt(Number(v))} style={{ fontSize: 11, fill: 'var(--text)' }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="sr-only">
        {data.map((d) => (
          <li key={d.label}>
            {d.label}: {fmt(d[dataKey])}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Measured speedup per strategy as bars, the ideal for each as a dashed line with markers, 1× as the baseline. */
function SpeedupChart({ data }: { data: Row[] }) {
  return (
    <figure className="chart" data-testid="speedup-chart" data-bars={data.length} aria-labelledby="speedup-cap">
      <figcaption id="speedup-cap" className="chart-title">
        Speedup against the ideal
      </figcaption>
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 20, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" vertical={false} />
            <XAxis dataKey="label" tick={TICK} interval={0} />
            <YAxis tick={TICK} tickFormatter={(v: number) => `${compact.format(v)}×`} width={44} />
            <Tooltip
              isAnimationActive={false}
              formatter={(v, n) => [`${fmtNum(Number(v), 2)}×`, n === 'ideal' ? 'ideal speedup' : 'measured speedup']}
            />
            <ReferenceLine y={1} stroke="var(--muted)" strokeDasharray="2 3" />
            <Bar dataKey="speedup" name="speedup" fill="var(--ok)" isAnimationActive={false} maxBarSize={64}>
              <LabelList
                dataKey="speedup"
                position="top"
                formatter={(v: unknown) => `${fmtNum(Number(v), 2)}×`}
                style={{ fontSize: 11, fill: 'var(--text)' }}
              />
            </Bar>
            <Line
              dataKey="ideal"
              name="ideal"
              type="linear"
              stroke="var(--warn)"
              strokeWidth={2}
              strokeDasharray="6 4"
              dot={{ r: 4, fill: 'var(--warn)' }}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ul className="legend" aria-hidden="true">
        <li>
          <span className="swatch" style={{ background: 'var(--ok)' }} /> measured speedup
        </li>
        <li>
          <span className="swatch swatch-line" style={{ borderColor: 'var(--warn)' }} /> ideal (cores for CPU work on a pool, the concurrency for I/O
          work, 1 on one event loop)
        </li>
      </ul>
      <ul className="sr-only">
        {data.map((d) => (
          <li key={d.label}>
            {d.label}: {fmtNum(d.speedup, 2)}× measured, {fmtNum(d.ideal, 2)}× ideal
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function ResultCharts({ runs }: { runs: readonly ComparisonRun[] }) {
  const data = rows(runs);
  return (
    <div className="chart-grid">
      <MetricBars
        data={data}
        dataKey="wallMs"
        title="Wall time (lower is better)"
        fmt={barMs}
        axisFmt={barMs}
        color="var(--accent)"
        testId="wall-chart"
      />
      <MetricBars
        data={data}
        dataKey="throughput"
        title="Throughput, jobs/s (higher is better)"
        fmt={fmtRate}
        color="#7b5cc4"
        testId="throughput-bars"
      />
      <SpeedupChart data={data} />
    </div>
  );
}
