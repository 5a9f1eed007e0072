const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDp = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function fmtInt(n: number | null | undefined): string {
  return n == null ? '—' : intFmt.format(n);
}

export function fmtNum(n: number | null | undefined, digits = 1): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return digits === 1 ? oneDp.format(n) : n.toFixed(digits);
}

export function fmtPct(ratio: number | null | undefined): string {
  if (ratio == null || !Number.isFinite(ratio)) return '—';
  return `${oneDp.format(ratio * 100)}%`;
}

/** Milliseconds as a short human duration: 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min. */
export function fmtMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1_000) return `${oneDp.format(ms)} ms`;
  const s = ms / 1_000;
  if (s < 60) return `${oneDp.format(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function fmtRate(perSec: number | null | undefined): string {
  if (perSec == null || !Number.isFinite(perSec)) return '—';
  return `${perSec >= 100 ? intFmt.format(perSec) : oneDp.format(perSec)}/s`;
}

/** "12 s ago", "5 min ago", falling back to the date for anything older than a day. */
export function fmtAge(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1_000));
  if (s < 60) return `${s} s ago`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3_600)} h ago`;
  return new Date(t).toLocaleDateString();
}

export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function statusLabel(s: string): string {
  return s
    .replace('_', ' ')
    .toLowerCase()
    .replace(/^\w/, (c) => c.toUpperCase());
}

export function batchLabel(b: { id: string; name?: string | null }): string {
  return b.name ? `${b.name} (#${b.id})` : `Batch #${b.id}`;
}

/**
 * A strategy as the Compare pages label it: `THREADS×4`, or the executor alone when it uses its default, with the
 * jobs per message it asked for (`THREADS, 1 per message`). A measured run carries the server's own label, which
 * names what it ran (`THREADS×2, 256 per message`): that one wins.
 */
export function strategyLabel(s: { executor: string; concurrency?: number | null; chunkSize?: number | null; label?: string | null }): string {
  if (s.label) return s.label;
  const base = s.concurrency == null ? s.executor : `${s.executor}×${s.concurrency}`;
  return s.chunkSize == null ? base : `${base}, ${s.chunkSize} per message`;
}
