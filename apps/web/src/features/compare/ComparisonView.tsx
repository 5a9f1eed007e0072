'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useMutation } from 'urql';
import { BatchProgressBar } from '@/components/BatchProgressBar';
import { LiveBadge } from '@/components/LiveBadge';
import { Loading, QueryError } from '@/components/QueryState';
import { StatusBadge } from '@/components/StatusBadge';
import { fmtInt, fmtMs, fmtNum, fmtPct, fmtRate, fmtTime, strategyLabel } from '@/lib/format';
import { useAllowed } from '@/lib/session';
import { comparisonJson, comparisonMarkdown, downloadText, fastestRun } from './exportComparison';
import { CANCEL_COMPARISON_MUTATION, type ComparisonRun } from './queries';
import { ResultCharts } from './ResultCharts';
import { TaskStreamTimeline } from './TaskStreamTimeline';
import { hasEnded, useComparison } from './useComparison';

export function ComparisonView() {
  const id = useSearchParams().get('id') ?? '';
  if (!id) {
    return (
      <p className="error-box" role="alert">
        No comparison id given. Open one from the <Link href="/compare/">comparisons list</Link>.
      </p>
    );
  }
  return <ComparisonDetail key={id} id={id} />;
}

function comparisonLabel(c: { id: string; name: string | null }): string {
  return c.name ? `${c.name} (#${c.id})` : `Comparison #${c.id}`;
}

function ComparisonDetail({ id }: { id: string }) {
  const { comparison: c, live, loading, error, notFound, timelinesLoaded, timelinesFetching, timelinesError } = useComparison(id);
  const [cancelState, cancel] = useMutation(CANCEL_COMPARISON_MUTATION);
  const canCancel = useAllowed('submitter');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [sharedScale, setSharedScale] = useState(true);

  if (error && !c) return <QueryError error={error} />;
  if (loading || (!c && !notFound)) return <Loading what={`comparison ${id}`} />;
  if (!c) {
    return (
      <p className="error-box" role="alert">
        Comparison {id} was not found. <Link href="/compare/">Back to comparisons</Link>
      </p>
    );
  }

  const label = comparisonLabel(c);
  const ended = hasEnded(c);
  const fastest = fastestRun(c.runs);
  const currentIdx = c.runs.length;
  const currentStrategy = !ended ? c.strategies[currentIdx] : undefined;
  const sharedDomain = Math.max(0, ...c.runs.map((r) => (r.timeline ?? []).reduce((m, e) => Math.max(m, e.endMs), 0)));

  async function onCancel() {
    setConfirmCancel(false);
    const r = await cancel({ id });
    setMsg(
      r.error
        ? { ok: false, text: `Cancel failed: ${r.error.message}` }
        : { ok: true, text: 'Cancellation requested: the running strategy is being stopped and the rest will not start.' },
    );
  }

  async function onCopy() {
    const text = comparisonMarkdown(c!);
    try {
      await navigator.clipboard.writeText(text);
      setMsg({ ok: true, text: 'Markdown copied to the clipboard.' });
    } catch (e) {
      setMsg({ ok: false, text: `The browser refused the clipboard (${(e as Error).message}); use “Download Markdown” instead.` });
    }
  }

  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted" style={{ margin: 0 }}>
            <Link href="/compare/">Compare</Link> /
          </p>
          <h1>
            {label} <StatusBadge status={c.status} />
          </h1>
          <p className="muted" style={{ margin: 0 }}>
            <span className="mono">{c.task}</span> · <span className="tag">{c.tag}</span> · {fmtInt(c.total)} items ·{' '}
            {c.strategies.map(strategyLabel).join(' → ')} · created {fmtTime(c.createdAt)}
          </p>
        </div>
        <div className="actions">
          <LiveBadge state={live.state} error={live.error} />
          {canCancel &&
            !ended &&
            (confirmCancel ? (
              <>
                <button type="button" className="danger" onClick={onCancel} disabled={cancelState.fetching}>
                  Yes, cancel comparison
                </button>
                <button type="button" onClick={() => setConfirmCancel(false)}>
                  Keep running
                </button>
              </>
            ) : (
              <button type="button" className="danger" onClick={() => setConfirmCancel(true)}>
                Cancel comparison
              </button>
            ))}
        </div>
      </div>
      {msg && (
        <p className={msg.ok ? 'ok-box' : 'error-box'} role="status">
          {msg.text}
        </p>
      )}

      {c.verdict && (
        <section className="panel verdict" aria-labelledby="verdict-h">
          <h2 id="verdict-h">Verdict</h2>
          <p data-testid="verdict">{c.verdict}</p>
        </section>
      )}
      {c.status === 'FAILED' && (
        <p className="error-box" role="alert" data-testid="comparison-error">
          The comparison failed{c.error ? `: ${c.error}` : '.'}
        </p>
      )}

      <section className="panel" aria-labelledby="runs-h">
        <div className="lane-head">
          <h2 id="runs-h">Runs</h2>
          <span className="muted" data-testid="comparison-status">
            Status: {c.status.toLowerCase()} · {fmtInt(c.runs.length)} of {fmtInt(c.strategies.length)} strategies finished
          </span>
        </div>
        <div className="meter" style={{ marginBottom: 10 }}>
          <label htmlFor="strategies-done" style={{ margin: 0, fontWeight: 400 }}>
            Strategies finished
          </label>
          <progress id="strategies-done" max={c.strategies.length} value={c.runs.length}>
            {c.runs.length} of {c.strategies.length}
          </progress>
          <span className="progress-text">
            {c.runs.length} / {c.strategies.length}
          </span>
        </div>
        <ol className="run-steps" aria-label="Strategies in order">
          {c.strategies.map((s, i) => {
            const run = c.runs[i];
            const state = run ? 'finished' : i === currentIdx && !ended ? 'running' : ended ? 'not run' : 'waiting';
            return (
              <li key={i} className={`run-step run-step-${state.replace(' ', '-')}`} data-state={state}>
                <strong>{strategyLabel(run ?? s)}</strong> <span className="muted">— {state}</span>
                {run && (
                  <span>
                    {' '}
                    in {fmtMs(run.wallMs)}, {fmtRate(run.throughput)}
                    {run.errors > 0 ? `, ${fmtInt(run.errors)} errors` : ''}
                    {run === fastest && c.runs.length > 1 ? ' (fastest)' : ''}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
        {currentStrategy && (
          <div className="current-run" data-testid="current-run">
            <h3>
              Running now: {strategyLabel(currentStrategy)} ({currentIdx + 1} of {c.strategies.length})
            </h3>
            {c.current ? (
              <BatchProgressBar label={`Current run ${strategyLabel(currentStrategy)}`} total={c.current.total} counts={c.current.counts} />
            ) : (
              <p className="muted">Starting…</p>
            )}
            {c.current && (
              <p className="hint">
                <Link href={`/batch/?id=${encodeURIComponent(c.current.id)}`}>Batch #{c.current.id}</Link> · {fmtInt(c.current.counts.running)}{' '}
                running, {fmtInt(c.current.counts.queued)} queued
              </p>
            )}
          </div>
        )}
      </section>

      {c.runs.length > 0 && (
        <>
          <section className="panel" aria-labelledby="side-h">
            <h2 id="side-h">Side by side{!ended ? ' (so far)' : ''}</h2>
            <ResultCharts runs={c.runs} />
          </section>
          <section className="panel" aria-labelledby="figures-h">
            <h2 id="figures-h">Every figure</h2>
            <FiguresTable runs={c.runs} fastest={fastest} />
          </section>
        </>
      )}

      {ended && (
        <section className="panel" aria-labelledby="timeline-h">
          <div className="lane-head">
            <h2 id="timeline-h">Task-stream timelines</h2>
            <label className="checkbox" style={{ margin: 0 }}>
              <input type="checkbox" checked={sharedScale} onChange={(e) => setSharedScale(e.target.checked)} /> Same time scale for every run
            </label>
          </div>
          <p className="hint" style={{ marginTop: 0 }}>
            One row per worker or concurrency slot, one rectangle per job from its start to its end. Rectangles stacked across rows ran in parallel;
            gaps in a row are idle time.
          </p>
          {timelinesError && <QueryError error={timelinesError} />}
          {!timelinesLoaded
            ? timelinesFetching && <Loading what="timelines" />
            : c.runs.map((r, i) => (
                <TaskStreamTimeline
                  key={i}
                  testId={`timeline-${i}`}
                  label={`${strategyLabel(r)}`}
                  entries={r.timeline ?? []}
                  total={c.total}
                  domainMs={sharedScale ? sharedDomain : undefined}
                />
              ))}
        </section>
      )}

      {ended && (
        <section className="panel" aria-labelledby="export-h">
          <h2 id="export-h">Export</h2>
          <div className="actions-row">
            <button type="button" onClick={() => downloadText(`comparison-${c.id}.md`, comparisonMarkdown(c), 'text/markdown;charset=utf-8')}>
              Download Markdown
            </button>
            <button
              type="button"
              onClick={() => downloadText(`comparison-${c.id}.json`, comparisonJson(c), 'application/json')}
              disabled={!timelinesLoaded}
              title={timelinesLoaded ? undefined : 'Waiting for the timelines'}
            >
              Download JSON
            </button>
            <button type="button" onClick={onCopy}>
              Copy Markdown
            </button>
          </div>
          <details style={{ marginTop: 10 }}>
            <summary>Markdown preview</summary>
            <pre data-testid="markdown-preview">{comparisonMarkdown(c)}</pre>
          </details>
        </section>
      )}
    </>
  );
}

function FiguresTable({ runs, fastest }: { runs: ComparisonRun[]; fastest: ComparisonRun | undefined }) {
  return (
    <div className="table-wrap">
      <table data-testid="figures-table">
        <thead>
          <tr>
            <th>Strategy</th>
            <th>Status</th>
            <th className="num">Wall</th>
            <th className="num">Throughput</th>
            <th className="num">Speedup</th>
            <th className="num">Ideal</th>
            <th className="num">Efficiency</th>
            <th className="num">CPU</th>
            <th className="num">Peak RSS</th>
            <th className="num" title="The longest time the server's main thread went without an event-loop turn during the run">
              Main thread blocked (longest)
            </th>
            <th className="num" title="THREADS and PROCESSES: the jobs' busy time in the workers over wall time × workers">
              Worker busy
            </th>
            <th className="num">Errors</th>
            <th>Batch</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r, i) => (
            <tr key={i} className={r === fastest && runs.length > 1 ? 'fastest' : undefined}>
              <th scope="row" className="row-head">
                {strategyLabel(r)}
                {r === fastest && runs.length > 1 ? <span className="tag fastest-tag">fastest</span> : null}
              </th>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td className="num">{fmtMs(r.wallMs)}</td>
              <td className="num">{fmtRate(r.throughput)}</td>
              <td className="num">{fmtNum(r.speedup, 2)}×</td>
              <td className="num">{fmtNum(r.idealSpeedup, 2)}×</td>
              <td className="num">{fmtPct(r.efficiency)}</td>
              <td className="num">{fmtMs(r.cpuMs)}</td>
              <td className="num">{fmtNum(r.peakRssMb)} MB</td>
              <td className="num" data-testid="main-blocked">
                {fmtMs(r.mainLoopLongestBlockMs ?? r.eventLoopP99Ms)}
              </td>
              <td className="num">{r.workerUtilization == null ? '—' : fmtPct(r.workerUtilization)}</td>
              <td className="num">{fmtInt(r.errors)}</td>
              <td>{r.batch ? <Link href={`/batch/?id=${encodeURIComponent(r.batch.id)}`}>#{r.batch.id}</Link> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
