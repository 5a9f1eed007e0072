import { strategyLabel } from '@/lib/format';
import type { Comparison, ComparisonRun } from './queries';

/** The run with the shortest wall time among those that finished, if any. */
export function fastestRun<R extends Pick<ComparisonRun, 'wallMs' | 'status'>>(runs: readonly R[]): R | undefined {
  let best: R | undefined;
  for (const r of runs) if (r.status === 'SUCCEEDED' && (!best || r.wallMs < best.wallMs)) best = r;
  return best ?? runs.reduce<R | undefined>((b, r) => (!b || r.wallMs < b.wallMs ? r : b), undefined);
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A Markdown report: what ran, a table of every figure per strategy, and the verdict. */
export function comparisonMarkdown(c: Comparison): string {
  const title = c.name ? `${c.name} (comparison #${c.id})` : `Comparison #${c.id}`;
  const fastest = fastestRun(c.runs);
  const lines = [
    `# ${cell(title)}`,
    '',
    `Task \`${c.task}\` (tag ${c.tag}), ${c.total} items, status ${c.status}. Created ${c.createdAt}${c.finishedAt ? `, finished ${c.finishedAt}` : ''}.`,
    '',
    '| Strategy | Status | Wall (ms) | Throughput (jobs/s) | Speedup | Ideal | Efficiency | CPU (ms) | Peak RSS (MB) | Main thread blocked, longest (ms) | Worker busy | Errors |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...c.runs.map(
      (r) =>
        `| ${[
          `${strategyLabel(r)}${r === fastest ? ' (fastest)' : ''}`,
          r.status,
          f1(r.wallMs),
          f1(r.throughput),
          `${f2(r.speedup)}x`,
          `${f2(r.idealSpeedup)}x`,
          `${f1(r.efficiency * 100)}%`,
          f1(r.cpuMs),
          f1(r.peakRssMb),
          f1(r.mainLoopLongestBlockMs ?? r.eventLoopP99Ms),
          r.workerUtilization == null ? '—' : `${f1(r.workerUtilization * 100)}%`,
          String(r.errors),
        ]
          .map(cell)
          .join(' | ')} |`,
    ),
    '',
  ];
  if (c.runs.length === 0) lines.splice(lines.length - 1, 0, '_No strategy has finished yet._');
  if (c.verdict) lines.push(`**Verdict:** ${c.verdict}`, '');
  if (c.error) lines.push(`**Error:** ${c.error}`, '');
  return lines.join('\n');
}

/** The full comparison, timelines included when they were fetched. */
export function comparisonJson(c: Comparison): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

/** Saves text as a file through a temporary object URL and an a[download]. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
