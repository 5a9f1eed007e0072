// Worker threads on Node 20 do not run the parent's `--import tsx`: register tsx here, then load the TypeScript
// worker. Piscina calls this module's default export for every task.
import { register } from 'tsx/esm/api';

register();
const { default: runInWorker } = await import('./thread-worker.ts');
export default runInWorker;
