import { statusLabel } from '@/lib/format';

/** Status as text and colour; the colour is decoration, the word carries the meaning. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}
