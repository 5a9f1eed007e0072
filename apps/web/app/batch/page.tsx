import { Suspense } from 'react';
import { BatchView } from '@/features/batch/BatchView';
import { Loading } from '@/components/QueryState';

export default function Page() {
  return (
    <Suspense fallback={<Loading what="batch" />}>
      <BatchView />
    </Suspense>
  );
}
