import { DecisionsView } from '@/features/decisions/DecisionsView';

export default function Page() {
  return <DecisionsView />;
}
