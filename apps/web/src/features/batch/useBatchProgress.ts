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
  /** The server's elapsed time (wallMs) at the last point: rates use the server's clock, not arrival times. */
  lastWall: number;
  lastDone: number;
}
const NO_SERIES: Series = { points: [], lastWall: 0, lastDone: -1 };

/**
 * The series after one snapshot received at `now`: a new point at most once per CHART_STEP_MS of the server's time,
 * and at the end. A rate is the jobs done (not cancelled) between two snapshots over the server time between them: snapshots
 * arrive coalesced and jittered, so dividing by arrival times would draw rates the batch never ran at.
 */
function nextSeries(s: Series, p: BatchProgress, now: number): Series {
  // Cancelled jobs are not throughput: cancelling a batch's queued jobs must not draw a spike.
  const done = p.counts.succeeded + p.counts.failed + p.counts.timedOut;
  const wall = p.wallMs ?? 0;
  if (s.lastDone < 0) {
    // Opened mid-run: start the series with the average so far rather than an empty chart.
    const points = p.throughput && p.throughput > 0 && !p.done ? [{ t: now, v: p.throughput }] : s.points;
    return { points, lastWall: wall, lastDone: done };
  }
  if (wall - s.lastWall >= CHART_STEP_MS || (p.done && wall > s.lastWall)) {
    const dt = (wall - s.lastWall) / 1_000;
    const points = [...s.points, { t: now, v: Math.max(0, (done - s.lastDone) / dt) }].slice(-MAX_POINTS);
    return { points, lastWall: wall, lastDone: done };
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
