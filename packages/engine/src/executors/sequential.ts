import type { Logger } from 'pino';
import type { TaskRegistry } from '../tasks/registry.ts';
import { AsyncExecutor } from './async.ts';

/**
 * The baseline: one job at a time on the main thread, CPU tasks included. Timeouts of a synchronous CPU task
 * cannot interrupt it here (nothing can preempt the main thread); the attempt is judged when it returns.
 */
export class SequentialExecutor extends AsyncExecutor {
  constructor(registry: TaskRegistry, log: Logger) {
    super(registry, log, { concurrency: 1, kind: 'SEQUENTIAL' });
  }
}
