'use client';

import { useCallback, useRef, useState } from 'react';
import { useLive } from '@/lib/useLive';
import type { BatchDetailProgressSubscription } from '@/gql/graphql';
import type { RatePoint } from '@/components/ThroughputChart';
import { BATCH_PROGRESS_SUBSCRIPTION } from './queries';

type BatchProgress = BatchDetailProgressSubscription['batchProgress'];

const CHART_STEP_MS = 1_000;
const MAX_POINTS = 600;

/**
 * The batch's live progress (`batchProgress`, coalesced by the server to a few snapshots a second) and a
 * jobs/s series derived from consecutive snapshots' finished counts, one point a second. `restart()`
 * subscribes again, e.g. after "retry failed" re-opens a batch whose stream had ended.
 */
export function useBatchProgress(id: string, onSnapshot: (p: BatchProgress) => void) {
  const [epoch, setEpoch] = useState(0);
  const series = useRef<{ points: RatePoint[]; lastT: number; lastDone: number }>({ points: [], lastT: 0, lastDone: -1 });
  const onSnap = useRef(onSnapshot);
  onSnap.current = onSnapshot;

  const live = useLive(
    BATCH_PROGRESS_SUBSCRIPTION,
    { id },
    {
      pause: !id,
      epoch,
      onData(d) {
        const p = d.batchProgress;
        const now = Date.now();
        const done = p.counts.finished;
        const s = series.current;
        if (s.lastDone < 0) {
          s.lastT = now;
          s.lastDone = done;
          // Opened mid-run: start the series with the average so far rather than an empty chart.
          if (p.throughput && p.throughput > 0 && !p.done) s.points = [{ t: now, v: p.throughput }];
        } else if (now - s.lastT >= CHART_STEP_MS || p.done) {
          const dt = (now - s.lastT) / 1_000;
          if (dt > 0) s.points = [...s.points, { t: now, v: Math.max(0, (done - s.lastDone) / dt) }].slice(-MAX_POINTS);
          s.lastT = now;
          s.lastDone = done;
        }
        onSnap.current(p);
      },
    },
  );

  const restart = useCallback(() => {
    series.current = { points: [], lastT: 0, lastDone: -1 };
    setEpoch((e) => e + 1);
  }, []);

  return { progress: live.data?.batchProgress, live, series: series.current.points, restart };
}
