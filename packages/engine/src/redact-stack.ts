/**
 * Job error stacks without the server's file system: a stack shown to a client says where in the code a task failed
 * (`at fib (packages/engine/src/tasks/cpu.ts:12:3)`), not where the server is installed or whose home folder it runs
 * from. Locations under the application's root become relative to it; any other absolute location (a task module
 * elsewhere, a global install) keeps only its file name; node's own frames (`node:internal/…`) and non-file frames
 * (`<anonymous>`, `native`, `index 0`) stay as they are. Only the `at …` lines are touched: the message lines above
 * them are the error's message, shown as it is in `message`.
 */
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or install) root: this file is packages/engine/src/redact-stack.ts. */
export const APP_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const FRAME_LINE = /^\s*at\s/;
/**
 * An absolute location in a frame, up to its `:line:column`: a file URL, a POSIX path or a Windows path, right after
 * `at `, `(` or `, ` (the separators V8 writes). Non-greedy, so a path with spaces still ends at its position.
 */
const LOCATION = /(?<=\bat |\(|, )(file:\/\/[^()]*?|\/[^()]*?|[A-Za-z]:\\[^()]*?)(:\d+:\d+|:\d+)(?=\)|,|$)/g;

/** A job error's stack with every server path made relative to `roots` (the app root by default) or cut to its name. */
export function redactStack(stack: string, roots: readonly string[] = [APP_ROOT]): string {
  const prefixes = roots.map((root) => (root.endsWith(sep) ? root : root + sep));
  return stack
    .split('\n')
    .map((line) =>
      FRAME_LINE.test(line) ? line.replace(LOCATION, (_, path: string, position: string) => redactPath(path, prefixes) + position) : line,
    )
    .join('\n');
}

function redactPath(location: string, prefixes: readonly string[]): string {
  let path = location;
  if (location.startsWith('file:')) {
    try {
      path = fileURLToPath(location);
    } catch {
      return '<file>';
    }
  }
  const root = prefixes.find((prefix) => path.startsWith(prefix));
  if (root) return relative(root, path).split(sep).join('/');
  return path.replace(/^.*[\\/]/, ''); // the file name, whichever separator the path uses
}
