import { fmtAge } from '@/lib/format';
import type { OverviewStatsFragment } from '@/gql/graphql';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function fmtBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${UNITS[unit]}`;
}

/** The database: its size, the oldest batch it keeps, and the retention that bounds both (admins only: null otherwise). */
export function StoragePanel({ storage }: { storage: OverviewStatsFragment['storage'] }) {
  if (!storage) return null;
  return (
    <section className="panel" aria-labelledby="storage-h">
      <h2 id="storage-h">Database</h2>
      <dl className="stats">
        <div>
          <dt>Size</dt>
          <dd data-testid="db-size" title={`${storage.bytes.toLocaleString('en-US')} bytes`}>
            {fmtBytes(storage.bytes)}
          </dd>
        </div>
        <div>
          <dt>Oldest batch</dt>
          <dd data-testid="db-oldest" title={storage.oldestBatchAt ?? undefined}>
            {storage.oldestBatchAt ? fmtAge(storage.oldestBatchAt) : 'none'}
          </dd>
        </div>
        <div>
          <dt>Retention</dt>
          <dd data-testid="db-retention">{storage.retention === '0' ? 'keeps everything' : storage.retention}</dd>
        </div>
      </dl>
    </section>
  );
}
