'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import {
  FieldError,
  FormErrors,
  NumberField,
  fieldAria,
  fieldErrorsFrom,
  MAX_ITEM_ERRORS_SHOWN,
  type FieldErrors as FieldErrorsOf,
} from '@/components/FieldErrors';
import { fmtInt, fmtMs } from '@/lib/format';
import type { ExecutorKind, JobTag, TaskDetailFragment } from '@/gql/graphql';
import { EXECUTOR_KINDS, JOB_TAGS } from '@/lib/enums';
import { parseItems, type ParsedItems } from '../submit/parseItems';
import { PRESETS, type ComparePreset } from './presets';
import { COMPARE_STRATEGIES_MUTATION } from './queries';

type Task = TaskDetailFragment;
type FieldKey = 'task' | 'name' | 'tag' | 'items' | 'strategies' | 'timeoutMs';
type FieldErrors = FieldErrorsOf<FieldKey>;
const MAX_GENERATED = 100_000;

/** Where an API error's `field` (e.g. "generate.count", "strategy.concurrency", "sweep") is shown. */
function fieldFor(apiField: string): FieldKey | 'form' {
  const head = apiField.split('.')[0] ?? '';
  if (head === 'items' || head === 'generate') return 'items';
  if (head === 'strategies' || head === 'strategy' || head === 'sweep') return 'strategies';
  if (head === 'task' || head === 'name' || head === 'tag' || head === 'timeoutMs') return head;
  return 'form';
}

function intOrNull(s: string): number | null {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isInteger(n) ? n : NaN;
}

interface StrategyRow {
  key: number;
  executor: ExecutorKind;
  concurrency: string;
  /** Jobs per message to a worker; empty: as the decision table would. Sent only for the executors that chunk. */
  chunkSize: string;
}

/** The executors that can send several jobs per message (the pools and the remote lane). */
const CHUNKING: ReadonlySet<ExecutorKind> = new Set<ExecutorKind>(['THREADS', 'PROCESSES', 'REMOTE']);

/** The task's example as a pretty template, with a preset's fields over it. */
function exampleTemplate(task: Task | undefined, over: Record<string, unknown> = {}): string {
  const ex = task?.example;
  if (ex && typeof ex === 'object' && !Array.isArray(ex)) return JSON.stringify({ ...(ex as Record<string, unknown>), ...over }, null, 2);
  if (ex !== undefined && ex !== null) return JSON.stringify(ex, null, 2);
  return JSON.stringify(over, null, 2);
}

export function CompareForm({ tasks }: { tasks: Task[] }) {
  const executors = EXECUTOR_KINDS;
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [state, compare] = useMutation(COMPARE_STRATEGIES_MUTATION);

  const [taskName, setTaskName] = useState('');
  const [name, setName] = useState('');
  const [tag, setTag] = useState<'' | JobTag>('');
  const [itemsMode, setItemsMode] = useState<'generate' | 'paste'>('generate');
  const [count, setCount] = useState('8');
  const [template, setTemplate] = useState('');
  const [pasted, setPasted] = useState('');
  const [mode, setMode] = useState<'list' | 'sweep'>('list');
  const [rows, setRows] = useState<StrategyRow[]>([
    { key: 1, executor: 'SEQUENTIAL', concurrency: '', chunkSize: '' },
    { key: 2, executor: 'THREADS', concurrency: '', chunkSize: '' },
  ]);
  const [sweepExecutor, setSweepExecutor] = useState<ExecutorKind>('ASYNC');
  const [sweepList, setSweepList] = useState('1, 10, 100, 1000');
  const [timeoutMs, setTimeoutMs] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [presetId, setPresetId] = useState<string | null>(null);

  const task = tasks.find((t) => t.name === taskName);
  /** A key no current row has (row keys only need to be unique among the rows shown). */
  const newRowKey = (offset = 0) => rows.reduce((m, r) => Math.max(m, r.key), 0) + 1 + offset;

  function chooseTask(nameOf: string) {
    setTaskName(nameOf);
    setTemplate(exampleTemplate(tasks.find((t) => t.name === nameOf)));
    setPresetId(null);
  }

  function applyPreset(p: ComparePreset, updateUrl = true) {
    const t = tasks.find((x) => x.name === p.task);
    setTaskName(p.task);
    setName(p.name);
    setTag('');
    setItemsMode('generate');
    setCount(String(p.count));
    setTemplate(exampleTemplate(t, p.template));
    setMode(p.mode);
    if (p.strategies)
      setRows(
        p.strategies.map((s, i) => ({
          key: newRowKey(i),
          executor: s.executor,
          concurrency: s.concurrency == null ? '' : String(s.concurrency),
          chunkSize: '',
        })),
      );
    if (p.sweep) {
      setSweepExecutor(p.sweep.executor);
      setSweepList(p.sweep.concurrencies.join(', '));
    }
    setErrors({});
    setPresetId(p.id);
    if (updateUrl) {
      const qs = new URLSearchParams(params.toString());
      qs.set('preset', p.id);
      qs.delete('task');
      router.replace(`${pathname}?${qs.toString()}`, { scroll: false });
    }
  }

  // First render with the tasks: a preset or a task named in the URL, else the first task. Set during
  // render (once), not in an effect, so the form never shows empty first.
  const [initialised, setInitialised] = useState(false);
  if (!initialised && tasks.length > 0) {
    setInitialised(true);
    const preset = PRESETS.find((p) => p.id === params.get('preset'));
    const wanted = params.get('task');
    if (preset && tasks.some((t) => t.name === preset.task)) applyPreset(preset, false);
    else chooseTask(wanted && tasks.some((t) => t.name === wanted) ? wanted : tasks[0]!.name);
  }

  const parsed: ParsedItems | null = useMemo(
    () => (itemsMode === 'paste' ? parseItems(pasted, 'auto', task?.inputSchema) : null),
    [itemsMode, pasted, task?.inputSchema],
  );
  const templateCheck = useMemo((): { ok: true; value: unknown } | { ok: false; message: string } => {
    try {
      return { ok: true, value: JSON.parse(template) };
    } catch (e) {
      return { ok: false, message: `The template is not valid JSON: ${(e as Error).message}` };
    }
  }, [template]);
  const itemCount = itemsMode === 'generate' ? intOrNull(count) : (parsed?.items.length ?? 0);
  const runCount = mode === 'list' ? rows.length : sweepList.split(',').filter((s) => s.trim() !== '').length;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!taskName) local.task = ['Pick a task.'];
    let itemsInput: Record<string, unknown> = {};
    if (itemsMode === 'generate') {
      const n = intOrNull(count);
      if (n == null || Number.isNaN(n) || n < 1 || n > MAX_GENERATED)
        local.items = [`Enter how many items to generate: a whole number from 1 to ${fmtInt(MAX_GENERATED)}.`];
      else if (!templateCheck.ok) local.items = [templateCheck.message];
      else itemsInput = { generate: { count: n, template: templateCheck.value } };
    } else if (parsed && parsed.errors.length > 0) local.items = [`Fix the ${parsed.errors.length === 1 ? 'row' : 'rows'} below first.`];
    else if (!parsed || parsed.items.length === 0) local.items = ['Paste at least one item.'];
    else itemsInput = { items: parsed.items };

    let strategyInput: Record<string, unknown>;
    if (mode === 'list') {
      if (rows.length === 0) local.strategies = ['Add at least one strategy.'];
      const bad = rows.findIndex((r) => Number.isNaN(intOrNull(r.concurrency)));
      if (bad >= 0) local.strategies = [`Strategy ${bad + 1}: the concurrency must be a whole number (or empty for the executor's default).`];
      const chunkOf = (r: StrategyRow) => (CHUNKING.has(r.executor) ? intOrNull(r.chunkSize) : null);
      const badChunk = rows.findIndex((r) => Number.isNaN(chunkOf(r)));
      if (badChunk >= 0) local.strategies = [`Strategy ${badChunk + 1}: jobs per message must be a whole number (or empty for the table's choice).`];
      strategyInput = { strategies: rows.map((r) => ({ executor: r.executor, concurrency: intOrNull(r.concurrency), chunkSize: chunkOf(r) })) };
    } else {
      const tokens = sweepList
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const nums = tokens.map((s) => intOrNull(s));
      const bad = tokens.filter((_, i) => Number.isNaN(nums[i]));
      if (tokens.length === 0) local.strategies = ['List at least one concurrency, e.g. 1, 10, 100.'];
      else if (bad.length > 0) local.strategies = [`Not whole numbers: ${bad.join(', ')}.`];
      strategyInput = { sweep: { executor: sweepExecutor, concurrencies: nums } };
    }
    const timeout = intOrNull(timeoutMs);
    if (Number.isNaN(timeout)) local.timeoutMs = ['Enter a whole number of milliseconds.'];
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    setErrors({});
    const input = { task: taskName, name: name.trim() || null, tag: tag || null, timeoutMs: timeout, ...itemsInput, ...strategyInput };
    const r = await compare({ input });
    if (r.error) return setErrors({ form: [r.error.message] });
    const res = r.data?.compareStrategies;
    if (!res) return setErrors({ form: ['The server gave no answer.'] });
    if (res.__typename === 'CompareStrategiesSuccess') {
      router.push(`/compare/view/?id=${encodeURIComponent(res.comparison.id)}`);
      return;
    }
    setErrors(
      fieldErrorsFrom<FieldKey>(res, fieldFor, (index) => (itemsMode === 'paste' && parsed ? `line ${parsed.lines[index] ?? '?'}` : 'generated')),
    );
  }

  const { invalid, describedBy } = fieldAria(errors);
  const activePreset = PRESETS.find((p) => p.id === presetId);

  return (
    <>
      <section className="panel presets" aria-labelledby="presets-h">
        <h2 id="presets-h">Classic experiments</h2>
        <div className="preset-list">
          {PRESETS.map((p) => (
            <button key={p.id} type="button" onClick={() => applyPreset(p)} aria-pressed={presetId === p.id} aria-describedby={`preset-${p.id}-d`}>
              {p.label}
            </button>
          ))}
        </div>
        {PRESETS.map((p) => (
          <p key={p.id} id={`preset-${p.id}-d`} className="hint" hidden={presetId !== p.id && presetId !== null}>
            <strong>{p.label}:</strong> {p.description}
          </p>
        ))}
        {activePreset && (
          <p className="ok-box" role="status" style={{ marginTop: 8 }}>
            Loaded “{activePreset.label}”. Check the form, then start it.
          </p>
        )}
      </section>

      <FormErrors messages={errors.form} />

      <form onSubmit={onSubmit} noValidate aria-label="Start a comparison">
        <div className="two-col">
          <section className="panel" aria-labelledby="cmp-what-h">
            <h2 id="cmp-what-h">Workload</h2>
            <div className="field">
              <label htmlFor="cmp-task">Task</label>
              <select
                id="cmp-task"
                value={taskName}
                onChange={(e) => chooseTask(e.target.value)}
                aria-invalid={invalid('task')}
                aria-describedby={describedBy('task')}
              >
                {tasks.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name} ({t.kind})
                  </option>
                ))}
              </select>
              <FieldError id="task-error" messages={errors.task} />
              {task && (
                <>
                  <p className="hint">
                    {task.description} Kind <span className="tag">{task.kind}</span> · default timeout {fmtMs(task.timeoutMs)}
                  </p>
                  {task.example != null && (
                    <p className="hint">
                      Example: <code data-testid="task-example">{JSON.stringify(task.example)}</code>
                    </p>
                  )}
                </>
              )}
            </div>

            <fieldset aria-describedby={describedBy('items')}>
              <legend>Items</legend>
              <div className="row" role="radiogroup" aria-label="How the items are given" style={{ marginBottom: 8 }}>
                <label className="checkbox">
                  <input type="radio" name="items-mode" checked={itemsMode === 'generate'} onChange={() => setItemsMode('generate')} /> Generate from
                  a template
                </label>
                <label className="checkbox">
                  <input type="radio" name="items-mode" checked={itemsMode === 'paste'} onChange={() => setItemsMode('paste')} /> Paste JSON lines
                </label>
              </div>
              {itemsMode === 'generate' ? (
                <>
                  <div className="field">
                    <label htmlFor="cmp-count">Number of items</label>
                    <input
                      id="cmp-count"
                      type="number"
                      min={1}
                      max={MAX_GENERATED}
                      value={count}
                      onChange={(e) => setCount(e.target.value)}
                      aria-invalid={invalid('items')}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor="cmp-template">Item template (JSON)</label>
                    <textarea
                      id="cmp-template"
                      rows={8}
                      value={template}
                      spellCheck={false}
                      onChange={(e) => setTemplate(e.target.value)}
                      aria-invalid={invalid('items') ?? (templateCheck.ok ? undefined : true)}
                      aria-describedby="cmp-template-hint"
                    />
                    <p className="hint" id="cmp-template-hint">
                      Every item is a copy of this; the text <code>{'{{index}}'}</code> inside a string becomes the item&apos;s index.
                    </p>
                    {!templateCheck.ok && <p className="field-error">{templateCheck.message}</p>}
                  </div>
                </>
              ) : (
                <div className="field">
                  <label htmlFor="cmp-items">Items (JSON lines)</label>
                  <textarea
                    id="cmp-items"
                    rows={8}
                    value={pasted}
                    spellCheck={false}
                    onChange={(e) => setPasted(e.target.value)}
                    placeholder={task?.example != null ? `${JSON.stringify(task.example)}\n${JSON.stringify(task.example)}` : '{"key": "value"}'}
                    aria-invalid={invalid('items') ?? (parsed && parsed.errors.length > 0 ? true : undefined)}
                  />
                  {parsed && (parsed.items.length > 0 || parsed.errors.length > 0) && (
                    <div aria-live="polite">
                      <p className="hint" data-testid="cmp-items-count">
                        {fmtInt(parsed.items.length)} {parsed.items.length === 1 ? 'item' : 'items'} read
                        {parsed.errors.length > 0 ? `, ${parsed.errors.length} ${parsed.errors.length === 1 ? 'row' : 'rows'} with errors` : ''}.
                      </p>
                      {parsed.errors.length > 0 && (
                        <ul className="field-error" aria-label="Rows that could not be read">
                          {parsed.errors.slice(0, MAX_ITEM_ERRORS_SHOWN).map((er) => (
                            <li key={`${er.line}:${er.message}`}>
                              Line {er.line}: {er.message}
                            </li>
                          ))}
                        </ul>
                      )}
                    </div>
                  )}
                </div>
              )}
              <FieldError id="items-error" messages={errors.items} />
            </fieldset>

            <div className="row">
              <div className="field">
                <label htmlFor="cmp-name">Name (optional)</label>
                <input
                  id="cmp-name"
                  type="text"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  aria-invalid={invalid('name')}
                  aria-describedby={describedBy('name')}
                  style={{ width: '100%' }}
                />
                <FieldError id="name-error" messages={errors.name} />
              </div>
              <div className="field">
                <label htmlFor="cmp-tag">Tag</label>
                <select
                  id="cmp-tag"
                  value={tag}
                  onChange={(e) => setTag(e.target.value as '' | JobTag)}
                  aria-invalid={invalid('tag')}
                  aria-describedby={describedBy('tag', 'cmp-tag-hint')}
                >
                  <option value="">The task&apos;s kind{task ? ` (${task.kind})` : ''}</option>
                  {JOB_TAGS.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
                <p className="hint" id="cmp-tag-hint">
                  Sets the ideal speedup: cores for CPU work, the concurrency for I/O work.
                </p>
                <FieldError id="tag-error" messages={errors.tag} />
              </div>
            </div>
          </section>

          <section className="panel" aria-labelledby="cmp-how-h">
            <h2 id="cmp-how-h">Strategies</h2>
            <fieldset aria-describedby={describedBy('strategies', 'cmp-strategies-hint')}>
              <legend>Run the items under</legend>
              <div className="row" role="radiogroup" aria-label="Kind of comparison" style={{ marginBottom: 10 }}>
                <label className="checkbox">
                  <input type="radio" name="cmp-mode" checked={mode === 'list'} onChange={() => setMode('list')} /> A list of strategies
                </label>
                <label className="checkbox">
                  <input type="radio" name="cmp-mode" checked={mode === 'sweep'} onChange={() => setMode('sweep')} /> A concurrency sweep
                </label>
              </div>
              {mode === 'list' ? (
                <>
                  <ol className="strategy-rows">
                    {rows.map((r, i) => (
                      <li key={r.key} className="strategy-row">
                        <div className="field">
                          <label htmlFor={`cmp-exec-${r.key}`}>Executor {i + 1}</label>
                          <select
                            id={`cmp-exec-${r.key}`}
                            value={r.executor}
                            onChange={(e) => setRows(rows.map((x) => (x.key === r.key ? { ...x, executor: e.target.value as ExecutorKind } : x)))}
                            aria-invalid={invalid('strategies')}
                          >
                            {executors.map((k) => (
                              <option key={k} value={k}>
                                {k}
                              </option>
                            ))}
                          </select>
                        </div>
                        <div className="field">
                          <label htmlFor={`cmp-conc-${r.key}`}>Concurrency {i + 1}</label>
                          <input
                            id={`cmp-conc-${r.key}`}
                            type="number"
                            min={1}
                            value={r.concurrency}
                            placeholder="default"
                            onChange={(e) => setRows(rows.map((x) => (x.key === r.key ? { ...x, concurrency: e.target.value } : x)))}
                            aria-invalid={invalid('strategies')}
                          />
                        </div>
                        {CHUNKING.has(r.executor) && (
                          <div className="field">
                            <label htmlFor={`cmp-chunk-${r.key}`}>Per message {i + 1}</label>
                            <input
                              id={`cmp-chunk-${r.key}`}
                              type="number"
                              min={1}
                              max={10_000}
                              value={r.chunkSize}
                              placeholder="auto"
                              title="Jobs sent to a worker in one message. Empty: as the decision table would (chunks for a data batch); 1: one job per message."
                              onChange={(e) => setRows(rows.map((x) => (x.key === r.key ? { ...x, chunkSize: e.target.value } : x)))}
                              aria-invalid={invalid('strategies')}
                            />
                          </div>
                        )}
                        <button
                          type="button"
                          onClick={() => setRows(rows.filter((x) => x.key !== r.key))}
                          aria-label={`Remove strategy ${i + 1} (${r.executor})`}
                        >
                          Remove
                        </button>
                      </li>
                    ))}
                  </ol>
                  <button
                    type="button"
                    onClick={() =>
                      setRows([
                        ...rows,
                        {
                          key: newRowKey(),
                          executor: executors.find((k) => !rows.some((r) => r.executor === k)) ?? executors[0] ?? 'ASYNC',
                          concurrency: '',
                          chunkSize: '',
                        },
                      ])
                    }
                  >
                    + Add strategy
                  </button>
                </>
              ) : (
                <div className="row">
                  <div className="field">
                    <label htmlFor="cmp-sweep-exec">Sweep executor</label>
                    <select
                      id="cmp-sweep-exec"
                      value={sweepExecutor}
                      onChange={(e) => setSweepExecutor(e.target.value as ExecutorKind)}
                      aria-invalid={invalid('strategies')}
                    >
                      {executors.map((k) => (
                        <option key={k} value={k}>
                          {k}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="cmp-sweep-list">Concurrencies</label>
                    <input
                      id="cmp-sweep-list"
                      type="text"
                      value={sweepList}
                      onChange={(e) => setSweepList(e.target.value)}
                      aria-invalid={invalid('strategies')}
                      placeholder="1, 10, 100, 1000"
                    />
                  </div>
                </div>
              )}
              <p className="hint" id="cmp-strategies-hint">
                Each strategy runs all the items, one strategy after another, so they do not compete. Speedup is measured against SEQUENTIAL if it
                runs, else the first.
              </p>
              <FieldError id="strategies-error" messages={errors.strategies} />
            </fieldset>
            <NumberField
              id="cmp-timeout"
              label="Timeout per job (ms)"
              name="timeoutMs"
              errors={errors}
              value={timeoutMs}
              onChange={setTimeoutMs}
              min={1}
              placeholder={task ? String(task.timeoutMs) : ''}
            />
            <button type="submit" className="primary" disabled={state.fetching}>
              {state.fetching
                ? 'Starting…'
                : `Compare ${runCount} ${runCount === 1 ? 'strategy' : 'strategies'}${itemCount != null && !Number.isNaN(itemCount) && itemCount > 0 ? ` on ${fmtInt(itemCount)} items` : ''}`}
            </button>
          </section>
        </div>
      </form>
    </>
  );
}
