'use client';

import { useCallback, useState } from 'react';
import { useLive } from '@/lib/useLive';
import type { BatchDetailProgressSubscription } from '@/gql/graphql';
import type { RatePoint } from '@/components/ThroughputChart';
import { BATCH_PROGRESS_SUBSCRIPTION } from './queries';

type BatchProgress = BatchDetailProgressSubscription['batchProgress'];

const CHART_STEP_MS = 1_000;
const MAX_POINTS = 600;

interface Series {
  points: RatePoint[];
  lastT: number;
  lastDone: number;
}
const NO_SERIES: Series = { points: [], lastT: 0, lastDone: -1 };

/** The series after one snapshot taken at `now`: a new point at most once per CHART_STEP_MS, and at the end. */
function nextSeries(s: Series, p: BatchProgress, now: number): Series {
  const done = p.counts.finished;
  if (s.lastDone < 0) {
    // Opened mid-run: start the series with the average so far rather than an empty chart.
    const points = p.throughput && p.throughput > 0 && !p.done ? [{ t: now, v: p.throughput }] : s.points;
    return { points, lastT: now, lastDone: done };
  }
  if (now - s.lastT >= CHART_STEP_MS || p.done) {
    const dt = (now - s.lastT) / 1_000;
    const points = dt > 0 ? [...s.points, { t: now, v: Math.max(0, (done - s.lastDone) / dt) }].slice(-MAX_POINTS) : s.points;
    return { points, lastT: now, lastDone: done };
  }
  return s;
}

/**
 * The batch's live progress (`batchProgress`, coalesced by the server to a few snapshots a second) and a
 * jobs/s series derived from consecutive snapshots' finished counts, one point a second. `restart()`
 * subscribes again, e.g. after "retry failed" re-opens a batch whose stream had ended.
 */
export function useBatchProgress(id: string, onSnapshot: (p: BatchProgress) => void) {
  const [epoch, setEpoch] = useState(0);
  const [series, setSeries] = useState<Series>(NO_SERIES);

  const live = useLive(
    BATCH_PROGRESS_SUBSCRIPTION,
    { id },
    {
      pause: !id,
      epoch,
      // useLive always calls the latest onData, so this sees the latest onSnapshot.
      onData(d) {
        const p = d.batchProgress;
        const now = Date.now();
        setSeries((s) => nextSeries(s, p, now));
        onSnapshot(p);
      },
    },
  );

  const restart = useCallback(() => {
    setSeries(NO_SERIES);
    setEpoch((e) => e + 1);
  }, []);

  return { progress: live.data?.batchProgress, live, series: series.points, restart };
}
