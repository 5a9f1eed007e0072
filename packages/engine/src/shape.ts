/**
 * Bounds on the shape of submitted JSON, checked before any recursive code (zod, JSON.stringify, templates) sees it:
 * a value nested 100,000 levels deep would otherwise overflow the stack of the server's one thread. The walk is
 * iterative, so checking cannot overflow either.
 */

/** Deeper than any real job input needs; far below what recursion on the main thread survives. */
export const MAX_JSON_DEPTH = 64;

/** A problem with a value's shape: where it is (path below the value) and why. */
export interface ShapeIssue {
  readonly path: string[];
  readonly message: string;
}

/**
 * The first shape problem of `value`, or null. Refused: nesting deeper than `maxDepth`, and the key `__proto__`
 * (a JavaScript object cannot keep it as data: copying the value would set its prototype instead, and the key would
 * silently disappear).
 */
export function shapeIssue(value: unknown, maxDepth = MAX_JSON_DEPTH): ShapeIssue | null {
  if (value === null || typeof value !== 'object') return null;
  const stack: Array<{ value: object; depth: number; path: string[] }> = [{ value, depth: 1, path: [] }];
  while (stack.length > 0) {
    const { value: node, depth, path } = stack.pop()!;
    if (depth > maxDepth) return { path, message: `Nested deeper than ${maxDepth} levels` };
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [key, child] of entries) {
      if (key === '__proto__') return { path: [...path, key], message: 'The key "__proto__" is not allowed: it cannot be kept as data' };
      if (child !== null && typeof child === 'object') stack.push({ value: child as object, depth: depth + 1, path: [...path, key] });
    }
  }
  return null;
}
