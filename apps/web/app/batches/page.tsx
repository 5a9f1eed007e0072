import { Suspense } from 'react';
import { BatchesView } from '@/features/batches/BatchesView';
import { Loading } from '@/components/QueryState';

export default function Page() {
  return (
    <Suspense fallback={<Loading what="batches" />}>
      <BatchesView />
    </Suspense>
  );
}
