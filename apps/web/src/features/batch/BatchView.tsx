'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { BatchProgressBar, CountsLegend } from '@/components/BatchProgressBar';
import { LiveBadge } from '@/components/LiveBadge';
import { Loading, QueryError } from '@/components/QueryState';
import { StatusBadge } from '@/components/StatusBadge';
import { ThroughputChart } from '@/components/ThroughputChart';
import { batchLabel, fmtInt, fmtMs, fmtRate, fmtTime } from '@/lib/format';
import type { BatchDetailProgressSubscription, BatchDetailQuery } from '@/gql/graphql';
import { JOB_STATUSES, isJobStatus } from '@/lib/enums';
import { useAllowed } from '@/lib/session';
import { FlowControls } from './FlowControls';
import { BATCH_QUERY, CANCEL_BATCH_MUTATION, RETRY_FAILED_MUTATION } from './queries';
import { FinishedThroughput } from './FinishedThroughput';
import { PurgeBatch } from './PurgeBatch';
import { useBatchProgress } from './useBatchProgress';

const JOBS_PAGE = 25;
/** Re-fetch the job table and failure groups at most this often while snapshots stream in. */
const REFETCH_EVERY_MS = 3_000;

type BatchDetail = NonNullable<BatchDetailQuery['batch']>;
/** How the jobs behaved against the batch's tag (the server's mis-tag check). */
type Diagnosis = BatchDetail['diagnosis'];
type FailureGroup = BatchDetail['failures'][number];
type BatchProgress = BatchDetailProgressSubscription['batchProgress'];

export function BatchView() {
  const params = useSearchParams();
  const id = params.get('id') ?? '';
  if (!id) {
    return (
      <p className="error-box" role="alert">
        No batch id given. Open a batch from the <Link href="/batches/">batch list</Link>.
      </p>
    );
  }
  return <BatchDetailView key={id} id={id} />;
}

function BatchDetailView({ id }: { id: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const jobStatusParam = params.get('jobs');
  const jobStatus = isJobStatus(jobStatusParam) ? jobStatusParam : undefined;
  const [after, setAfter] = useState<string | undefined>(undefined);
  const [prevCursors, setPrevCursors] = useState<(string | undefined)[]>([]);

  const [result, reexecute] = useQuery({
    query: BATCH_QUERY,
    variables: { id, first: JOBS_PAGE, after: after ?? null, status: jobStatus ?? null },
  });

  // Snapshots drive re-fetching of the table (throttled), never a timer on its own.
  const lastFetch = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastDone = useRef<number | null>(null);
  const refetch = useCallback(() => {
    lastFetch.current = Date.now();
    reexecute({ requestPolicy: 'network-only' });
  }, [reexecute]);
  const onSnapshot = useCallback(
    (p: BatchProgress) => {
      const started = p.counts.finished + p.counts.running;
      const changed = lastDone.current !== null && lastDone.current !== started;
      lastDone.current = started;
      if (p.done) {
        if (pending.current) clearTimeout(pending.current);
        pending.current = null;
        refetch();
        return;
      }
      if (!changed || pending.current) return;
      const wait = Math.max(0, REFETCH_EVERY_MS - (Date.now() - lastFetch.current));
      pending.current = setTimeout(() => {
        pending.current = null;
        refetch();
      }, wait);
    },
    [refetch],
  );
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);

  const { progress, live, series, restart } = useBatchProgress(id, onSnapshot);
  const [cancelState, cancelBatch] = useMutation(CANCEL_BATCH_MUTATION);
  const [retryState, retryFailed] = useMutation(RETRY_FAILED_MUTATION);
  const [confirmCancel, setConfirmCancel] = useState(false);
  // Cancel and retry need the submitter role: a viewer's page has no buttons the server would refuse.
  const canAct = useAllowed('submitter');
  const [actionMsg, setActionMsg] = useState<{ ok: boolean; text: string } | null>(null);

  const batch = result.data?.batch;
  if (result.error && !batch) return <QueryError error={result.error} />;
  if (!result.data) return <Loading what={`batch ${id}`} />;
  if (!batch) {
    return (
      <p className="error-box" role="alert">
        Batch {id} was not found. <Link href="/batches/">Back to batches</Link>
      </p>
    );
  }

  // The live snapshot wins over the (possibly older) query result.
  const counts = progress?.counts ?? batch.counts;
  const status = progress?.status ?? batch.status;
  const total = progress?.total ?? batch.total;
  const throughput = progress?.throughput ?? batch.throughput;
  const wallMs = progress?.wallMs ?? batch.wallMs;
  const terminal = progress?.done ?? batch.done;
  const etaMs = progress?.etaMs ?? batch.etaMs;
  const retryable = counts.failed + counts.timedOut + counts.cancelled;
  const label = batchLabel(batch);

  function setJobStatus(s: string) {
    const qs = new URLSearchParams(params.toString());
    if (s) qs.set('jobs', s);
    else qs.delete('jobs');
    setAfter(undefined);
    setPrevCursors([]);
    router.replace(`${pathname}?${qs.toString()}`, { scroll: false });
  }

  async function onCancel() {
    setConfirmCancel(false);
    const r = await cancelBatch({ id });
    setActionMsg(
      r.error
        ? { ok: false, text: `Cancel failed: ${r.error.message}` }
        : { ok: true, text: 'Cancellation requested: queued and running jobs are being stopped.' },
    );
  }

  async function onRetry() {
    const r = await retryFailed({ batchId: id });
    if (r.error || !r.data?.retryFailed) {
      setActionMsg({ ok: false, text: `Retry failed: ${r.error?.message ?? 'batch not found'}` });
      return;
    }
    setActionMsg({ ok: true, text: `${fmtInt(retryable)} jobs queued again.` });
    restart();
    refetch();
  }

  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted" style={{ margin: 0 }}>
            <Link href="/batches/">Batches</Link> /
          </p>
          <h1>
            {label} <StatusBadge status={status} />
          </h1>
          <p className="muted" style={{ margin: 0 }}>
            <span className="mono">{batch.task}</span> · <span className="tag">{batch.tag}</span> · created {fmtTime(batch.createdAt)}
            {status === 'SCHEDULED' && batch.runAt && <span data-testid="batch-run-at"> · held until {fmtTime(batch.runAt)}</span>}
            {batch.schedule && (
              <>
                {' '}
                · started by schedule <Link href={`/schedules/?id=${encodeURIComponent(batch.schedule.id)}`}>{batch.schedule.name}</Link>
              </>
            )}
          </p>
        </div>
        <div className="actions">
          <LiveBadge state={live.state} error={live.error} />
          {canAct &&
            !terminal &&
            (confirmCancel ? (
              <>
                <button type="button" className="danger" onClick={onCancel} disabled={cancelState.fetching}>
                  Yes, cancel batch
                </button>
                <button type="button" onClick={() => setConfirmCancel(false)}>
                  Keep running
                </button>
              </>
            ) : (
              <button type="button" className="danger" onClick={() => setConfirmCancel(true)} disabled={cancelState.fetching}>
                Cancel batch
              </button>
            ))}
          {canAct && (
            <button type="button" onClick={onRetry} disabled={!terminal || retryable === 0 || retryState.fetching}>
              Retry failed{retryable > 0 ? ` (${fmtInt(retryable)})` : ''}
            </button>
          )}
          {canAct && <PurgeBatch id={id} label={label} total={total} finished={terminal} />}
        </div>
      </div>
      {actionMsg && (
        <p className={actionMsg.ok ? 'ok-box' : 'error-box'} role="status">
          {actionMsg.text}
        </p>
      )}

      <section className="panel" aria-labelledby="progress-h">
        <h2 id="progress-h">Progress</h2>
        <BatchProgressBar label={label} total={total} counts={counts} />
        <CountsLegend counts={counts} />
        <dl className="stats" style={{ marginTop: 14 }}>
          <div>
            <dt>Status</dt>
            <dd data-testid="batch-status">
              <StatusBadge status={status} />
            </dd>
          </div>
          <div>
            <dt>Throughput</dt>
            <dd>{fmtRate(throughput)}</dd>
          </div>
          <div>
            <dt>Elapsed</dt>
            <dd>{fmtMs(wallMs)}</dd>
          </div>
          <div>
            <dt>ETA</dt>
            <dd data-testid="batch-eta">{terminal ? 'done' : fmtMs(etaMs)}</dd>
          </div>
          <div>
            <dt>Timeout / job</dt>
            <dd>{fmtMs(batch.timeoutMs)}</dd>
          </div>
          <div>
            <dt>Max attempts</dt>
            <dd>{batch.maxAttempts}</dd>
          </div>
        </dl>
      </section>

      <FlowControls flow={progress?.batch ?? batch} terminal={terminal} canChange={canAct} onChanged={refetch} />

      <div className="two-col">
        <section className="panel" aria-labelledby="tp-h">
          <h2 id="tp-h">Throughput</h2>
          {/* A running batch has its chart from the first render, empty until two points: mounting the chart is one
              long task of the main thread (~100 ms on a slow 2-core host), paid with the page's load, not mid-run. */}
          {series.length > 1 || !terminal ? (
            <>
              <ThroughputChart data={series} label={`${label} throughput, jobs per second`} />
              {series.length <= 1 && (
                <p className="empty">
                  {series.length === 1 ? `${fmtRate(series[0]!.v)} so far; the chart fills in as jobs finish.` : 'The chart fills in as jobs finish.'}
                </p>
              )}
            </>
          ) : (
            <FinishedThroughput id={id} label={label} wallMs={wallMs} throughput={throughput} />
          )}
        </section>
        <section className="panel" aria-labelledby="route-h">
          <h2 id="route-h">Route</h2>
          <dl className="kv">
            <dt>Lane</dt>
            <dd>{batch.route.lane}</dd>
            <dt>Executor</dt>
            <dd>
              {batch.route.executor} × {batch.route.concurrency}
            </dd>
            {batch.route.phases.length > 1 && (
              <>
                <dt>Phases</dt>
                <dd>{batch.route.phases.map((p) => `${p.phase}: ${p.executor} × ${p.concurrency}`).join(' → ')}</dd>
              </>
            )}
            <dt>Rule</dt>
            <dd>
              <Link href="/decisions/" className="mono">
                {batch.route.rule}
              </Link>
            </dd>
            <dt>Reason</dt>
            <dd data-testid="route-reason">{batch.route.reason}</dd>
            <dt>Behaviour</dt>
            <dd data-testid="diagnosis">
              <DiagnosisText diagnosis={batch.diagnosis} autoReroute={batch.autoReroute} />
            </dd>
            <dt>Started</dt>
            <dd>{fmtTime(batch.startedAt)}</dd>
            <dt>Finished</dt>
            <dd>{fmtTime(batch.finishedAt)}</dd>
          </dl>
        </section>
      </div>

      <Failures failures={batch.failures} />

      <section className="panel" aria-labelledby="jobs-h">
        <div className="lane-head">
          <h2 id="jobs-h">Jobs</h2>
          <div>
            <label htmlFor="job-status" className="sr-only">
              Filter jobs by status
            </label>
            <select id="job-status" value={jobStatus ?? ''} onChange={(e) => setJobStatus(e.target.value)}>
              <option value="">All statuses</option>
              {JOB_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.replace('_', ' ').toLowerCase()}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ResultDownloads id={id} />
        <JobsTable jobs={batch.jobs} />
        <nav className="pager" aria-label="Job pages">
          {prevCursors.length > 0 && (
            <button
              type="button"
              onClick={() => {
                const stack = [...prevCursors];
                setAfter(stack.pop());
                setPrevCursors(stack);
              }}
            >
              ← Previous
            </button>
          )}
          {batch.jobs.pageInfo.hasNextPage && batch.jobs.pageInfo.endCursor && (
            <button
              type="button"
              onClick={() => {
                setPrevCursors([...prevCursors, after]);
                setAfter(batch.jobs.pageInfo.endCursor ?? undefined);
              }}
            >
              Next →
            </button>
          )}
          <span className="muted">
            {fmtInt(batch.jobs.edges.length)} shown of {fmtInt(batch.jobs.totalCount)}
            {jobStatus ? ` ${jobStatus.replace('_', ' ').toLowerCase()}` : ''}
          </span>
        </nav>
      </section>
    </>
  );
}

// Memoised: snapshots re-render the page a few times a second; these only change with the query result.
const Failures = memo(function Failures({ failures }: { failures: FailureGroup[] }) {
  return (
    <section className="panel" aria-labelledby="fail-h">
      <h2 id="fail-h">Failures</h2>
      {failures.length === 0 ? (
        <p className="empty">No failed or timed-out jobs.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Code</th>
                <th>Message</th>
                <th className="num">Jobs</th>
                <th>Example</th>
              </tr>
            </thead>
            <tbody>
              {failures.map((f) => (
                <tr key={`${f.code}:${f.message}`}>
                  <td className="mono">{f.code}</td>
                  <td title={f.examples[0] ? `e.g. ${f.examples[0]}` : undefined}>{f.message}</td>
                  <td className="num">{fmtInt(f.count)}</td>
                  <td>
                    <Link href={`/job/?id=${encodeURIComponent(f.sampleJobId)}`}>Job #{f.sampleJobId}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
});

const JobsTable = memo(function JobsTable({ jobs }: { jobs: BatchDetail['jobs'] }) {
  if (jobs.edges.length === 0) return <p className="empty">No jobs match.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Job</th>
            <th>Status</th>
            <th>Executor</th>
            <th className="num">Attempts</th>
            <th className="num">Wait</th>
            <th className="num">Run</th>
            <th>Result</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {jobs.edges.map(({ node: j }) => (
            <tr key={j.id} data-job-id={j.id}>
              <td className="num">{j.index}</td>
              <td>
                <Link href={`/job/?id=${encodeURIComponent(j.id)}`}>Job #{j.id}</Link>
              </td>
              <td>
                <StatusBadge status={j.status} />
              </td>
              <td>{j.executor?.toLowerCase() ?? '—'}</td>
              <td className="num">{j.attempts}</td>
              <td className="num">{fmtMs(j.waitMs)}</td>
              <td className="num">{fmtMs(j.runMs)}</td>
              <td className="result-cell">
                <ResultCell result={j.result} />
              </td>
              <td>{j.error ? <span className="mono">{j.error.code}</span> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

const RESULT_PREVIEW_CHARS = 60;

/** A job's result as JSON, cut to one short line; the whole of it on hover and when expanded. */
function ResultCell({ result }: { result: unknown }) {
  if (result === null || result === undefined) return <span className="muted">—</span>;
  const full = JSON.stringify(result);
  if (full.length <= RESULT_PREVIEW_CHARS) return <code title={full}>{full}</code>;
  return (
    <details className="result-more">
      <summary title={full}>
        <code>{full.slice(0, RESULT_PREVIEW_CHARS)}…</code>
      </summary>
      <pre>{JSON.stringify(result, null, 2)}</pre>
    </details>
  );
}

/** Same-origin downloads of the batch's results, served by the API (`?status=FAILED` for the failed ones only). */
function ResultDownloads({ id }: { id: string }) {
  const base = `${process.env.NEXT_PUBLIC_API_URL ?? ''}/batches/${encodeURIComponent(id)}`;
  return (
    <div className="actions-row" role="group" aria-label="Download results">
      <a className="button" href={`${base}/results.jsonl`} download={`batch-${id}-results.jsonl`}>
        Download JSONL
      </a>
      <a className="button" href={`${base}/results.csv`} download={`batch-${id}-results.csv`}>
        Download CSV
      </a>
      <a className="button" href={`${base}/results.csv?status=FAILED`} download={`batch-${id}-failed.csv`}>
        Failed only (CSV)
      </a>
    </div>
  );
}

/** The mis-tag check in words: a warning (text, not only colour) when the jobs behave like the other kind. */
function DiagnosisText({ diagnosis, autoReroute }: { diagnosis: Diagnosis; autoReroute: boolean }) {
  const figures = [
    diagnosis.blockedMsPerJob != null ? `event loop held ${diagnosis.blockedMsPerJob.toFixed(1)} ms per job` : null,
    diagnosis.workerBusyRatio != null ? `worker busy ${Math.round(diagnosis.workerBusyRatio * 100)}% of run time` : null,
    `${diagnosis.measuredJobs} jobs measured`,
  ].filter(Boolean);
  return (
    <>
      {diagnosis.verdict ? (
        <strong style={diagnosis.mistagged ? { color: 'var(--warn)' } : undefined}>
          {diagnosis.mistagged ? 'Mis-tagged? ' : ''}
          {diagnosis.verdict}
          {diagnosis.mistagged && !autoReroute ? ' (submit with autoReroute to reroute such batches automatically)' : ''}
        </strong>
      ) : (
        <span>As tagged.</span>
      )}{' '}
      <span className="muted">({figures.join(', ')})</span>
    </>
  );
}
