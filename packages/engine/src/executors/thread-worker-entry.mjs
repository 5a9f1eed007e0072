// Worker threads on Node 20 do not run the parent's `--import tsx`: register tsx here, then load the TypeScript
// worker. Piscina calls this module's default export for every task.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { default: runInWorker, loadTaskModules } = await import('./thread-worker.ts');
// Piscina counts the thread as up only once this module has loaded: the tasks are imported by then.
await loadTaskModules(workerData.taskModules);
export default runInWorker;
