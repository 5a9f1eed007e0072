import { OverviewView } from '@/features/overview/OverviewView';

export default function Page() {
  return <OverviewView />;
}
