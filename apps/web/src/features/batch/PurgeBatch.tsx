'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation } from 'urql';
import { fmtInt } from '@/lib/format';
import { DELETE_BATCH_MUTATION } from './queries';

/**
 * Purge: deletes a finished batch with its jobs and attempts for good (deleteBatch), after an explicit confirmation
 * that says what goes. Only offered once the batch has finished; the server refuses anything else anyway.
 */
export function PurgeBatch({ id, label, total, finished }: { id: string; label: string; total: number; finished: boolean }) {
  const router = useRouter();
  const [state, deleteBatch] = useMutation(DELETE_BATCH_MUTATION);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!finished) return null;

  async function onDelete() {
    setError(null);
    const r = await deleteBatch({ id });
    const answer = r.data?.deleteBatch;
    if (answer?.__typename === 'DeleteBatchSuccess') {
      router.push(`/batches/?purged=${encodeURIComponent(id)}`);
      return;
    }
    setConfirming(false);
    setError(answer?.__typename === 'BatchNotFinishedError' ? answer.message : `Purge failed: ${r.error?.message ?? 'no answer'}`);
  }

  return (
    <>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="purge-q" className="actions">
          <span id="purge-q">
            Delete {label} and its {fmtInt(total)} jobs for good?
          </span>
          <button type="button" className="danger" onClick={onDelete} disabled={state.fetching}>
            Yes, delete batch
          </button>
          <button type="button" onClick={() => setConfirming(false)} disabled={state.fetching}>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Purge batch
        </button>
      )}
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
