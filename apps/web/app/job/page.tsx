import { Suspense } from 'react';
import { JobView } from '@/features/job/JobView';
import { Loading } from '@/components/QueryState';

export default function Page() {
  return (
    <Suspense fallback={<Loading what="job" />}>
      <JobView />
    </Suspense>
  );
}
