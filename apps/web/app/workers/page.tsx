import { WorkersView } from '@/features/workers/WorkersView';

export default function Page() {
  return <WorkersView />;
}
