// The entry module of every PROCESSES child (tinypool's `runtime: 'child_process'`). Like the worker threads,
// register tsx here, then load the TypeScript worker. Tinypool calls this module's default export for every task.
import { register } from 'tsx/esm/api';

register();
const { default: runInProcess, start } = await import('./process-worker.ts');
await start(); // the task modules are imported before the first task runs (a task sent earlier waits for this)
export default runInProcess;
