/**
 * Batch progress on stderr, driven by the batchProgress snapshots: a live bar on a terminal, plain lines every few
 * seconds elsewhere (CI logs), nothing with --json. stdout stays for results and machine-readable output.
 */
import { SingleBar } from 'cli-progress';
import type { BatchProgress } from '../client.ts';

/** How often a non-terminal gets a progress line. */
const PLAIN_INTERVAL_MS = 3_000;

export interface ProgressView {
  update(progress: BatchProgress): void;
  /** Takes the bar off the screen (before a prompt or the final summary). */
  stop(): void;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '–';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const s = ms / 1_000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond == null) return '–';
  return perSecond >= 100 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

function countsText(p: BatchProgress): string {
  const c = p.counts;
  return `${c.succeeded} ok, ${c.failed + c.timedOut} failed, ${c.running} running, ${c.queued} queued`;
}

export function createProgressView(mode: 'bar' | 'plain' | 'none', stream: NodeJS.WriteStream = process.stderr): ProgressView {
  if (mode === 'none') return { update: () => {}, stop: () => {} };
  if (mode === 'plain') {
    let last = 0;
    return {
      update(p) {
        const now = Date.now();
        if (!p.done && now - last < PLAIN_INTERVAL_MS) return;
        last = now;
        stream.write(
          `batch ${p.batchId}: ${p.counts.finished}/${p.total} finished (${countsText(p)}), ${formatRate(p.throughput)}, ETA ${p.done ? '0 s' : formatDuration(p.etaMs)}\n`,
        );
      },
      stop() {},
    };
  }
  const bar = new SingleBar(
    {
      stream,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
      format: '{bar} {percentage}% | {value}/{total} | {counts} | {rate} | ETA {etaText}',
    },
    { barCompleteChar: '█', barIncompleteChar: '░', format: '' },
  );
  let started = false;
  return {
    update(p) {
      const payload = { counts: countsText(p), rate: formatRate(p.throughput), etaText: p.done ? '0 s' : formatDuration(p.etaMs) };
      if (!started) {
        bar.start(p.total, p.counts.finished, payload);
        started = true;
      } else {
        bar.setTotal(p.total);
        bar.update(p.counts.finished, payload);
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
