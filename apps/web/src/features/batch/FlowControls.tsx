'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { BatchFlowFragment } from '@/gql/graphql';
import { fmtInt, fmtMs } from '@/lib/format';
import { PAUSE_BATCH_MUTATION, RESUME_BATCH_MUTATION, SET_BATCH_CONCURRENCY_MUTATION } from './flowControlQueries';

/**
 * Pause / resume and the concurrency of a running batch, with its priority and rate limit (read-only: set at submit).
 * `flow` is the latest the page knows (the live snapshot, else the query); each change is announced by the server
 * (batch:changed), so the snapshot after a mutation shows it, and `onChanged` re-reads the page's query too.
 */
/** The batch's flow settings, and (for a role that may change them, while it runs) pause/resume and concurrency. */
export function FlowControls({
  flow,
  terminal,
  canChange,
  onChanged,
}: {
  flow: BatchFlowFragment;
  terminal: boolean;
  canChange: boolean;
  onChanged: () => void;
}) {
  const [pauseState, pauseBatch] = useMutation(PAUSE_BATCH_MUTATION);
  const [resumeState, resumeBatch] = useMutation(RESUME_BATCH_MUTATION);
  const [setState, setConcurrency] = useMutation(SET_BATCH_CONCURRENCY_MUTATION);
  const [draft, setDraft] = useState(String(flow.concurrency));
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const shown = flow;
  const busy = pauseState.fetching || resumeState.fetching || setState.fetching;

  async function onTogglePause() {
    setError(null);
    const r = shown.paused ? await resumeBatch({ id: flow.id }) : await pauseBatch({ id: flow.id });
    const batch = r.data ? ('pauseBatch' in r.data ? r.data.pauseBatch : r.data.resumeBatch) : null;
    if (r.error || !batch) {
      setError(`${shown.paused ? 'Resume' : 'Pause'} failed: ${r.error?.message ?? 'batch not found'}`);
      return;
    }
    setNote(batch.paused ? 'Paused: no new jobs start; running ones finish.' : 'Resumed: jobs start again.');
    onChanged();
  }

  async function onSetConcurrency(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const concurrency = Number(draft);
    if (!Number.isInteger(concurrency)) {
      setError('Expected concurrency to be a whole number');
      return;
    }
    const r = await setConcurrency({ id: flow.id, concurrency });
    const result = r.data?.setBatchConcurrency;
    if (r.error || !result) {
      setError(`Setting the concurrency failed: ${r.error?.message ?? 'batch not found'}`);
      return;
    }
    if (result.__typename === 'InvalidInputError') {
      setError(result.message);
      return;
    }
    setNote(`Concurrency set to ${fmtInt(result.batch.concurrency)}: it applies from the next job started.`);
    onChanged();
  }

  return (
    <section className="panel" aria-labelledby="flow-h">
      <h2 id="flow-h">Flow control</h2>
      <dl className="stats">
        <div>
          <dt>Starting jobs</dt>
          <dd data-testid="flow-state">{terminal ? 'Finished' : shown.paused ? 'Paused' : 'Yes'}</dd>
        </div>
        <div>
          <dt>Concurrency</dt>
          <dd data-testid="flow-concurrency">{fmtInt(shown.concurrency)}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{shown.priority}</dd>
        </div>
        <div>
          <dt>Rate limit</dt>
          <dd>{shown.rateLimit ? `${fmtInt(shown.rateLimit.jobs)} per ${fmtMs(shown.rateLimit.perMs)}` : 'none'}</dd>
        </div>
      </dl>
      {!terminal && canChange && (
        <div className="actions-row" style={{ marginTop: 14, alignItems: 'flex-end' }}>
          <button type="button" onClick={onTogglePause} disabled={busy}>
            {shown.paused ? 'Resume batch' : 'Pause batch'}
          </button>
          <form onSubmit={onSetConcurrency} noValidate className="actions-row" style={{ alignItems: 'flex-end' }}>
            <div>
              <label htmlFor="flow-concurrency-input">New concurrency</label>
              <input
                id="flow-concurrency-input"
                type="number"
                min={1}
                step={1}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                aria-invalid={error !== null && setState.data !== undefined}
                aria-describedby={error ? 'flow-error' : undefined}
                style={{ width: '8em' }}
              />
            </div>
            <button type="submit" disabled={busy}>
              Set concurrency
            </button>
          </form>
        </div>
      )}
      {error ? (
        <p id="flow-error" className="field-error" role="alert">
          {error}
        </p>
      ) : (
        note && (
          <p className="hint" role="status">
            {note}
          </p>
        )
      )}
    </section>
  );
}
