import type { ExecutorKind } from '@/gql/graphql';

/** One-click versions of the field's classic experiments. */
export interface ComparePreset {
  id: string;
  label: string;
  description: string;
  task: string;
  name: string;
  count: number;
  /** Merged over the task's example (so the task's other fields keep their example values). */
  template: Record<string, unknown>;
  mode: 'list' | 'sweep';
  strategies?: { executor: ExecutorKind; concurrency: number | null }[];
  sweep?: { executor: ExecutorKind; concurrencies: number[] };
}

export const PRESETS: readonly ComparePreset[] = [
  {
    id: 'cpu',
    label: 'CPU: SEQUENTIAL vs ASYNC vs THREADS',
    description: 'cpu.pbkdf2, 40 items × 50,000 iterations: only threads should help; async adds nothing to CPU work.',
    task: 'cpu.pbkdf2',
    name: 'CPU: SEQUENTIAL vs ASYNC vs THREADS',
    count: 40,
    template: { password: 'pw-{{index}}', iterations: 50_000 },
    mode: 'list',
    strategies: [
      { executor: 'SEQUENTIAL', concurrency: null },
      { executor: 'ASYNC', concurrency: null },
      { executor: 'THREADS', concurrency: null },
    ],
  },
  {
    id: 'io-sweep',
    label: 'I/O sweep: ASYNC at 1, 10, 100, 1000',
    description: 'io.sleep {ms: 50}, 1,000 items: waiting work scales with concurrency until the items run out.',
    task: 'io.sleep',
    name: 'I/O sweep: ASYNC at 1, 10, 100, 1000',
    count: 1_000,
    template: { ms: 50 },
    mode: 'sweep',
    sweep: { executor: 'ASYNC', concurrencies: [1, 10, 100, 1_000] },
  },
];
