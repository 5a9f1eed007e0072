import type { ChunkedInputs } from './store/store.ts';
import type { SubmitError } from './errors.ts';
import type { TaskDefinition } from './tasks/define.ts';
import { ItemChecker } from './validate.ts';

/** Thrown from inside the insert's transaction at a bad item: the store rolls the insert back and rethrows it. */
class ItemsRejected extends Error {}

/**
 * A submission's items checked against the task's schema and encoded a chunk at a time, while the store inserts them:
 * only one chunk's validated copies and texts exist at once, however long the batch. At the first bad item the rest
 * are checked too (the refusal counts and names them exactly as validateSubmission's does), then the insert is
 * rolled back: a refused submission writes nothing.
 */
export function insertChecked<T>(
  task: TaskDefinition,
  items: readonly unknown[],
  insert: (inputs: ChunkedInputs) => T,
): { ok: true; value: T } | { ok: false; error: SubmitError } {
  const checker = new ItemChecker(task);
  const inputs: ChunkedInputs = {
    length: items.length,
    texts(from, to) {
      const texts: string[] = new Array(to - from);
      for (let index = from; index < to; index++) {
        const checked = checker.check(items[index], index);
        if (checked) texts[index - from] = JSON.stringify(checked.value);
      }
      if (!checker.failed) return texts;
      for (let index = to; index < items.length; index++) checker.check(items[index], index);
      throw new ItemsRejected();
    },
  };
  try {
    return { ok: true, value: insert(inputs) };
  } catch (error: unknown) {
    if (!(error instanceof ItemsRejected)) throw error;
    return { ok: false, error: checker.rejection()! };
  }
}
