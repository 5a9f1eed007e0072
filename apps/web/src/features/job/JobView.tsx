'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useRef } from 'react';
import { useMutation, useQuery } from 'urql';
import { CopyButton } from '@/components/CopyButton';
import { LiveBadge } from '@/components/LiveBadge';
import { Loading, QueryError } from '@/components/QueryState';
import { StatusBadge } from '@/components/StatusBadge';
import { batchLabel, fmtMs, fmtPct, fmtTime } from '@/lib/format';
import { useLive } from '@/lib/useLive';
import { useAllowed } from '@/lib/session';
import { CANCEL_JOB_MUTATION, JOB_BATCH_PROGRESS_SUBSCRIPTION, JOB_QUERY, RETRY_JOB_MUTATION } from './queries';

const REFETCH_EVERY_MS = 1_000;

export function JobView() {
  const id = useSearchParams().get('id') ?? '';
  if (!id) {
    return (
      <p className="error-box" role="alert">
        No job id given. Open a job from a <Link href="/batches/">batch</Link>.
      </p>
    );
  }
  return <JobDetailView key={id} id={id} />;
}

function json(v: unknown): string {
  return v === undefined ? '' : JSON.stringify(v, null, 2);
}

function JobDetailView({ id }: { id: string }) {
  const [result, reexecute] = useQuery({ query: JOB_QUERY, variables: { id } });
  const job = result.data?.job;
  // The server sets finishedAt exactly when the job reaches a final state (and clears it when a retry queues it).
  const finished = job ? job.finishedAt !== null : true;
  const lastFetch = useRef(0);
  const live = useLive(
    JOB_BATCH_PROGRESS_SUBSCRIPTION,
    { id: job?.batchId ?? '' },
    {
      pause: !job || finished,
      onData(d) {
        if (d.batchProgress.done || Date.now() - lastFetch.current >= REFETCH_EVERY_MS) {
          lastFetch.current = Date.now();
          reexecute({ requestPolicy: 'network-only' });
        }
      },
    },
  );
  const [cancelState, cancelJob] = useMutation(CANCEL_JOB_MUTATION);
  const canCancel = useAllowed('submitter');
  const [retryState, retryJob] = useMutation(RETRY_JOB_MUTATION);
  const retryable = job ? job.status === 'FAILED' || job.status === 'TIMED_OUT' || job.status === 'CANCELLED' : false;

  if (result.error && !job) return <QueryError error={result.error} />;
  if (!result.data) return <Loading what={`job ${id}`} />;
  if (!job) {
    return (
      <p className="error-box" role="alert">
        Job {id} was not found.
      </p>
    );
  }

  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted" style={{ margin: 0 }}>
            <Link href="/batches/">Batches</Link> / <Link href={`/batch/?id=${encodeURIComponent(job.batchId)}`}>{batchLabel(job.batch)}</Link> /
          </p>
          <h1>
            Job #{job.id} <StatusBadge status={job.status} />
          </h1>
          <p className="muted" style={{ margin: 0 }}>
            item {job.index} of <span className="mono">{job.batch.task}</span> · lane {job.batch.route.lane}
          </p>
        </div>
        <div className="actions">
          {!finished && <LiveBadge state={live.state} error={live.error} />}
          {canCancel && !finished && (
            <button type="button" className="danger" disabled={cancelState.fetching} onClick={() => void cancelJob({ id: job.id })}>
              Cancel job
            </button>
          )}
          {canCancel && retryable && (
            <button
              type="button"
              disabled={retryState.fetching}
              onClick={() => void retryJob({ id: job.id }).then(() => reexecute({ requestPolicy: 'network-only' }))}
            >
              Retry job
            </button>
          )}
        </div>
      </div>
      {retryState.error && (
        <p className="error-box" role="alert">
          Retry failed: {retryState.error.message}
        </p>
      )}
      {cancelState.error && (
        <p className="error-box" role="alert">
          Cancel failed: {cancelState.error.message}
        </p>
      )}

      {job.error && (
        <section className="panel" aria-labelledby="err-h" data-testid="job-error">
          <h2 id="err-h">Error</h2>
          <p>
            <span className="mono badge badge-failed" data-testid="job-error-code">
              {job.error.code}
            </span>{' '}
            <span data-testid="job-error-message">{job.error.message}</span>
          </p>
          {job.error.stack && (
            <details>
              <summary>Stack trace</summary>
              <pre>{job.error.stack}</pre>
            </details>
          )}
        </section>
      )}

      <div className="two-col">
        <section className="panel" aria-labelledby="sum-h">
          <h2 id="sum-h">Summary</h2>
          <dl className="kv">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={job.status} />
            </dd>
            <dt>Executor</dt>
            <dd>{job.executor ?? '—'}</dd>
            <dt>Attempts</dt>
            <dd data-testid="job-attempts">
              {/* Per budget: a retry by hand starts a fresh budget, so this never reads "4 of 3". */}
              {job.attemptsInBudget} of {job.maxAttempts}
              {job.attempts > job.attemptsInBudget && <span className="muted"> · {job.attempts} in all (retried by hand)</span>}
            </dd>
            <dt>Queue wait</dt>
            <dd>{fmtMs(job.waitMs)}</dd>
            <dt>Run time</dt>
            <dd>{fmtMs(job.runMs)}</dd>
            {job.progress != null && !finished && (
              <>
                <dt>Progress</dt>
                <dd>
                  <progress max={1} value={job.progress} aria-label={`Job ${job.id} progress`} /> {fmtPct(job.progress)}
                </dd>
              </>
            )}
            {job.progressMessage && (
              <>
                <dt>Progress message</dt>
                <dd data-testid="job-progress-message">{job.progressMessage}</dd>
              </>
            )}
            <dt>Queued</dt>
            <dd>{fmtTime(job.queuedAt)}</dd>
            <dt>Started</dt>
            <dd>{fmtTime(job.startedAt)}</dd>
            <dt>Finished</dt>
            <dd>{fmtTime(job.finishedAt)}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="io-h">
          <h2 id="io-h">Input and result</h2>
          <div className="lane-head">
            <h3>Input</h3>
            <CopyButton text={json(job.input)} label="input" />
          </div>
          <pre data-testid="job-input">{json(job.input)}</pre>
          <div className="lane-head" style={{ marginTop: 12 }}>
            <h3>Result</h3>
            {job.result !== null && job.result !== undefined && <CopyButton text={json(job.result)} label="result" />}
          </div>
          {job.result === null || job.result === undefined ? (
            <p className="empty">No result.</p>
          ) : (
            <pre data-testid="job-result">{json(job.result)}</pre>
          )}
        </section>
      </div>

      <section className="panel" aria-labelledby="log-h">
        <h2 id="log-h">Log</h2>
        {job.logsDropped > 0 && (
          <p className="muted" data-testid="job-logs-dropped">
            {job.logsDropped} earlier lines dropped (a job keeps its last 200 lines or 64 KiB).
          </p>
        )}
        {job.logs.length === 0 ? (
          <p className="empty">The task wrote nothing with ctx.log.</p>
        ) : (
          <pre className="job-log" data-testid="job-logs">
            {job.logs.map((l) => `${fmtTime(l.at)}  ${l.level.toUpperCase().padEnd(8)} ${l.message}`).join('\n')}
          </pre>
        )}
      </section>

      <section className="panel" aria-labelledby="att-h">
        <h2 id="att-h">Attempts</h2>
        {job.history.length === 0 ? (
          <p className="empty">Not started yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th className="num">Attempt</th>
                  <th>Status</th>
                  <th>Executor</th>
                  <th className="num">Queue wait</th>
                  <th className="num">Run time</th>
                  <th>Started</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {job.history.map((a, i) => (
                  // A remote attempt handed from a lost worker to another has two rows with the same number.
                  <tr key={`${a.attempt}-${i}`}>
                    <td className="num">{a.attempt}</td>
                    <td>
                      <StatusBadge status={a.status} />
                    </td>
                    <td>
                      {a.executor}
                      {a.worker && <span className="muted mono"> on {a.worker}</span>}
                    </td>
                    <td className="num">{fmtMs(a.waitMs)}</td>
                    <td className="num">{fmtMs(a.runMs)}</td>
                    <td>{fmtTime(a.startedAt)}</td>
                    <td>{a.error ? (a.error.message.startsWith(a.error.code) ? a.error.message : `${a.error.code}: ${a.error.message}`) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
