import { KeysView } from '@/features/keys/KeysView';
import { RequireRole } from '@/components/RequireRole';

export default function Page() {
  return (
    <RequireRole role="admin" action="Managing keys">
      <KeysView />
    </RequireRole>
  );
}
