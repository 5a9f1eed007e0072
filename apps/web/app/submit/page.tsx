import { Suspense } from 'react';
import { SubmitView } from '@/features/submit/SubmitView';
import { Loading } from '@/components/QueryState';

export default function Page() {
  return (
    <Suspense fallback={<Loading what="the form" />}>
      <SubmitView />
    </Suspense>
  );
}
