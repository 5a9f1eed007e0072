import { shapeIssue } from '../shape.ts';
import type { JobTag, Strategy, SubmitBatchInput } from '../types.ts';
import type { SubmitError } from '../errors.ts';
import type { CompareStrategiesInput } from './types.ts';

/** At most this many strategies in one comparison: each runs the whole workload. */
export const MAX_STRATEGIES = 8;

/** A comparison that passed validation: the items each strategy runs, and the strategies in order. */
export interface ComparisonPlanInput {
  readonly items: unknown[];
  readonly tag: JobTag;
  readonly strategies: Strategy[];
}

/** Checks one strategy's batch as submitBatch would, writing nothing; the tag it would run under when valid. */
export type CheckSubmission = (input: SubmitBatchInput) => { ok: true; tag: JobTag } | { ok: false; error: SubmitError };

/**
 * Validates a comparison without writing anything: the strategies (or a sweep), the items (or a generator), and
 * every strategy's batch as submitBatch would check it. Errors name the field, `strategies.2.concurrency` for a
 * strategy's own.
 */
export function planComparison(
  input: CompareStrategiesInput,
  check: CheckSubmission,
  maxBatchSize: number,
): { ok: true; plan: ComparisonPlanInput } | { ok: false; error: SubmitError } {
  const invalid = (field: string, message: string) => ({
    ok: false as const,
    error: { kind: 'INVALID_INPUT' as const, field, message: `Invalid ${field}: ${message}`, issues: [{ path: field.split('.'), message }] },
  });
  const sweep = input.sweep;
  const strategies: Strategy[] = sweep
    ? sweep.concurrencies.map((concurrency) => ({ executor: sweep.executor, concurrency }))
    : [...(input.strategies ?? [])];
  if (strategies.length === 0) return invalid('strategies', 'Expected at least one strategy (or a sweep)');
  if (strategies.length > MAX_STRATEGIES) return invalid('strategies', `Expected at most ${MAX_STRATEGIES} strategies`);
  let items: unknown[];
  const given = input.items && input.items.length > 0 ? input.items : null;
  if (given && input.generate) return invalid('items', 'Give items or generate, not both');
  if (given) items = [...given];
  else if (input.generate) {
    const { count, template } = input.generate;
    const shape = shapeIssue(template);
    if (shape) return invalid(['generate', 'template', ...shape.path].join('.'), shape.message);
    if (!Number.isInteger(count) || count < 1 || count > maxBatchSize)
      return invalid('generate.count', `Expected a whole number from 1 to ${maxBatchSize}`);
    items = Array.from({ length: count }, (_, index) => fillTemplate(template, index));
  } else return invalid('items', 'Expected items or a generator');
  let tag: JobTag | null = null;
  for (const [index, strategy] of strategies.entries()) {
    const checked = check({ task: input.task, tag: input.tag, items, strategy, timeoutMs: input.timeoutMs });
    if (!checked.ok) return { ok: false, error: nameStrategy(checked.error, index) };
    tag = checked.tag;
  }
  return { ok: true, plan: { items, tag: tag!, strategies } };
}

/** Points a strategy's error at its entry: `strategy.concurrency` becomes `strategies.2.concurrency`. */
function nameStrategy(error: SubmitError, index: number): SubmitError {
  if (error.kind !== 'INVALID_INPUT' || !error.field.startsWith('strategy')) return error;
  const field = error.field.replace(/^strategy/, `strategies.${index}`);
  return {
    ...error,
    field,
    message: error.message.replace(`Invalid ${error.field}`, `Invalid ${field}`),
    issues: error.issues.map((i) => ({ ...i, path: ['strategies', String(index), ...i.path.slice(1)] })),
  };
}

/** A copy of the template with every string "{{index}}" replaced by the item's index. */
export function fillTemplate(template: unknown, index: number): unknown {
  if (typeof template === 'string') return template === '{{index}}' ? index : template.replaceAll('{{index}}', String(index));
  if (Array.isArray(template)) return template.map((v) => fillTemplate(v, index));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, index)]));
  }
  return template;
}
