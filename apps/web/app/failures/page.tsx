import { Suspense } from 'react';
import { FailuresView } from '@/features/failures/FailuresView';
import { Loading } from '@/components/QueryState';

export default function Page() {
  return (
    <Suspense fallback={<Loading what="failures" />}>
      <FailuresView />
    </Suspense>
  );
}
