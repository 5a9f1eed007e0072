'use client';

import { useQuery } from 'urql';
import { ThroughputChart } from '@/components/ThroughputChart';
import { fmtMs, fmtRate } from '@/lib/format';
import { BATCH_THROUGHPUT_QUERY } from './queries';

/**
 * A finished batch's throughput chart, from the server's series (its jobs' finish times): the live chart is built
 * from snapshots and is empty when the page is opened after the batch ended.
 */
export function FinishedThroughput({
  id,
  label,
  wallMs,
  throughput,
}: {
  id: string;
  label: string;
  wallMs: number | null;
  throughput: number | null;
}) {
  const [result] = useQuery({ query: BATCH_THROUGHPUT_QUERY, variables: { id } });
  const series = result.data?.batch?.throughputSeries;
  const summary = `Finished in ${fmtMs(wallMs)} at an average of ${fmtRate(throughput)}.`;
  if (!series || series.points.length < 2) return <p className="empty">{summary}</p>;
  const seconds = series.widthMs / 1_000;
  const data = series.points.map((p) => ({ t: Date.parse(p.at), v: p.completed / seconds }));
  return (
    <>
      <ThroughputChart data={data} label={`${label} throughput, jobs per second (${fmtMs(series.widthMs)} buckets)`} />
      <p className="muted">{summary}</p>
    </>
  );
}
