import { Suspense } from 'react';
import { SubmitView } from '@/features/submit/SubmitView';
import { Loading } from '@/components/QueryState';
import { RequireRole } from '@/components/RequireRole';

export default function Page() {
  return (
    <RequireRole role="submitter" action="Submitting a batch">
      <Suspense fallback={<Loading what="the form" />}>
        <SubmitView />
      </Suspense>
    </RequireRole>
  );
}
