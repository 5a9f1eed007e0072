// Worker threads on Node 20 do not run the parent's `--import tsx`: register tsx here, then load the TypeScript
// worker. Piscina calls this module's default export for every task.
import { register } from 'tsx/esm/api';

register();
const { default: runInWorker, ready } = await import('./thread-worker.ts');
await ready; // piscina counts the thread as up only when this module has loaded: tasks are imported by then
export default runInWorker;
