import { Suspense } from 'react';
import { SchedulesView } from '@/features/schedules/SchedulesView';
import { Loading } from '@/components/QueryState';

export default function Page() {
  return (
    <Suspense fallback={<Loading what="schedules" />}>
      <SchedulesView />
    </Suspense>
  );
}
