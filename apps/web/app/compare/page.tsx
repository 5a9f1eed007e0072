import { Suspense } from 'react';
import { CompareView } from '@/features/compare/CompareView';
import { Loading } from '@/components/QueryState';

export default function Page() {
  return (
    <Suspense fallback={<Loading what="the compare page" />}>
      <CompareView />
    </Suspense>
  );
}
