/** Module URLs of the built-in task modules: the registry and every worker thread import these. */
export const BUILTIN_TASK_MODULES: readonly string[] = [
  new URL('./io.ts', import.meta.url).href,
  new URL('./cpu.ts', import.meta.url).href,
  new URL('./mixed.ts', import.meta.url).href,
];
