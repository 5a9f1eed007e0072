import { Suspense } from 'react';
import { ComparisonView } from '@/features/compare/ComparisonView';
import { Loading } from '@/components/QueryState';

export default function Page() {
  return (
    <Suspense fallback={<Loading what="comparison" />}>
      <ComparisonView />
    </Suspense>
  );
}
