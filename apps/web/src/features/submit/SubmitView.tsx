'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { Loading, QueryError } from '@/components/QueryState';
import {
  FieldError,
  ErrorSummary,
  NumberField,
  fieldAria,
  fieldErrorsFrom,
  MAX_ITEM_ERRORS_SHOWN,
  type FieldErrors as FieldErrorsOf,
} from '@/components/FieldErrors';
import { fmtInt, fmtMs } from '@/lib/format';
import type { ExecutorKind, JobTag } from '@/gql/graphql';
import { EXECUTOR_KINDS, JOB_TAGS } from '@/lib/enums';
import { formatFromFileName, parseItems, type ParsedItems, type SourceFormat } from './parseItems';
import { SUBMIT_BATCH_MUTATION, TASKS_QUERY } from './queries';

/** Form field → the messages to show next to it. Keys follow SubmitBatchInput's field names. */
type FieldKey = 'task' | 'name' | 'tag' | 'items' | 'strategy' | 'timeoutMs' | 'maxAttempts' | 'backoffMs';
type FieldErrors = FieldErrorsOf<FieldKey>;
const FIELD_LABELS: Record<FieldKey, string> = {
  task: 'Task',
  name: 'Name',
  tag: 'Tag',
  items: 'Items',
  strategy: 'Strategy',
  timeoutMs: 'Timeout per job',
  maxAttempts: 'Max attempts',
  backoffMs: 'Backoff',
};
const FIELD_KEYS = new Set<string>(['task', 'name', 'tag', 'items', 'strategy', 'timeoutMs', 'maxAttempts', 'backoffMs']);

function intOrNull(s: string): number | null {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? Math.trunc(n) : NaN;
}

export function SubmitView() {
  const router = useRouter();
  const preselect = useSearchParams().get('task') ?? '';
  const [tasksResult] = useQuery({ query: TASKS_QUERY });
  const tasks = useMemo(() => tasksResult.data?.tasks ?? [], [tasksResult.data]);
  const [submitState, submitBatch] = useMutation(SUBMIT_BATCH_MUTATION);

  const [chosenTask, setChosenTask] = useState(preselect);
  const [name, setName] = useState('');
  const [tag, setTag] = useState<'' | JobTag>('');
  const [source, setSource] = useState<'paste' | 'file'>('paste');
  const [pasted, setPasted] = useState('');
  const [file, setFile] = useState<{ name: string; text: string; format: SourceFormat } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [repeat, setRepeat] = useState('10');
  const [executor, setExecutor] = useState<'' | ExecutorKind>('');
  const [concurrency, setConcurrency] = useState('');
  const [timeoutMs, setTimeoutMs] = useState('');
  const [maxAttempts, setMaxAttempts] = useState('');
  const [backoffMs, setBackoffMs] = useState('');
  const [background, setBackground] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  /** Failed submits so far: each one mounts the error summary afresh, which moves focus to it. */
  const [failures, setFailures] = useState(0);
  function fail(next: FieldErrors) {
    setErrors(next);
    setFailures((n) => n + 1);
  }

  // Until one is chosen (or named in the URL), the first task is selected.
  const taskName = chosenTask || (tasks[0]?.name ?? '');
  const task = tasks.find((t) => t.name === taskName);

  const parsed: ParsedItems = useMemo(() => {
    if (source === 'file')
      return file ? parseItems(file.text, file.format, task?.inputSchema) : { items: [], lines: [], errors: [], format: 'empty' };
    return parseItems(pasted, 'auto', task?.inputSchema);
  }, [source, file, pasted, task?.inputSchema]);

  function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    setFileError(null);
    if (!f) {
      setFile(null);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      // readAsText gives a string; decode as UTF-8 should a reader ever hand back the bytes instead.
      const r = reader.result;
      const text = typeof r === 'string' ? r : r instanceof ArrayBuffer ? new TextDecoder().decode(r) : '';
      setFile({ name: f.name, text, format: formatFromFileName(f.name) });
    };
    reader.onerror = () => setFileError(`Could not read ${f.name}: ${reader.error?.message ?? 'unknown error'}`);
    reader.readAsText(f);
  }

  function fillExample() {
    if (!task || task.example === undefined || task.example === null) return;
    const n = Math.min(100_000, Math.max(1, intOrNull(repeat) || 1));
    const line = JSON.stringify(task.example);
    setSource('paste');
    setPasted(Array.from({ length: n }, () => line).join('\n'));
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!taskName) local.task = ['Pick a task.'];
    if (parsed.errors.length > 0) local.items = [`Fix the ${parsed.errors.length === 1 ? 'row' : 'rows'} below before submitting.`];
    else if (parsed.items.length === 0) local.items = ['Give at least one item.'];
    const nums = {
      timeoutMs: intOrNull(timeoutMs),
      maxAttempts: intOrNull(maxAttempts),
      backoffMs: intOrNull(backoffMs),
      concurrency: intOrNull(concurrency),
    };
    for (const k of ['timeoutMs', 'maxAttempts', 'backoffMs'] as const) if (Number.isNaN(nums[k])) local[k] = ['Enter a whole number.'];
    if (Number.isNaN(nums.concurrency)) local.strategy = ['Concurrency must be a whole number.'];
    if (Object.keys(local).length > 0) {
      fail(local);
      return;
    }
    setErrors({});
    const input = {
      task: taskName,
      name: name.trim() || null,
      tag: tag || null,
      items: parsed.items,
      strategy: executor ? { executor, concurrency: nums.concurrency } : null,
      timeoutMs: nums.timeoutMs,
      maxAttempts: nums.maxAttempts,
      backoffMs: nums.backoffMs,
      background: background || null,
    };
    const r = await submitBatch({ input });
    if (r.error) {
      fail({ form: [r.error.message] });
      return;
    }
    const res = r.data?.submitBatch;
    if (!res) {
      fail({ form: ['The server gave no answer.'] });
      return;
    }
    if (res.__typename === 'SubmitBatchSuccess') {
      router.push(`/batch/?id=${encodeURIComponent(res.batch.id)}`);
      return;
    }
    fail(
      fieldErrorsFrom<FieldKey>(
        res,
        (field) => {
          const key = field.split('.')[0] ?? '';
          return FIELD_KEYS.has(key) ? (key as FieldKey) : 'form';
        },
        (index) => (source === 'file' || parsed.format !== 'json-array' ? `line ${parsed.lines[index] ?? '?'}` : `element ${index}`),
      ),
    );
  }

  if (tasksResult.error) return <QueryError error={tasksResult.error} />;
  if (!tasksResult.data) return <Loading what="tasks" />;

  const { invalid, describedBy } = fieldAria(errors);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Submit a batch</h1>
          <p className="muted" style={{ margin: 0 }}>
            Items are data for a registered task; the decision table routes the batch unless you override it.
          </p>
        </div>
      </div>
      <ErrorSummary
        key={failures}
        errors={errors}
        labels={FIELD_LABELS}
        targetOf={(k) => (k === 'strategy' ? 'executor' : k === 'items' && source === 'file' ? 'items-file' : k)}
      />
      <form onSubmit={onSubmit} noValidate aria-label="Submit a batch">
        <div className="two-col">
          <section className="panel" aria-labelledby="what-h">
            <h2 id="what-h">What to run</h2>
            <div className="field">
              <label htmlFor="task">Task</label>
              <select
                id="task"
                value={taskName}
                onChange={(e) => setChosenTask(e.target.value)}
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
            </div>
            {task && (
              <div className="field">
                <p style={{ margin: '0 0 8px' }}>{task.description}</p>
                <p className="hint">
                  Kind <span className="tag">{task.kind}</span> · default timeout {fmtMs(task.timeoutMs)}
                </p>
                <details open>
                  <summary>Input schema (JSON Schema)</summary>
                  <pre data-testid="input-schema">{JSON.stringify(task.inputSchema, null, 2)}</pre>
                </details>
                {task.example !== undefined && task.example !== null && (
                  <>
                    <h3 style={{ marginTop: 10 }}>Example item</h3>
                    <pre>{JSON.stringify(task.example)}</pre>
                    <div className="row" style={{ alignItems: 'flex-end', marginTop: 8 }}>
                      <div className="field" style={{ marginBottom: 0, flex: '0 1 140px' }}>
                        <label htmlFor="repeat">Copies</label>
                        <input id="repeat" type="number" min={1} max={100_000} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
                      </div>
                      <button type="button" onClick={fillExample}>
                        Fill items with the example
                      </button>
                    </div>
                  </>
                )}
              </div>
            )}

            <fieldset>
              <legend>Items</legend>
              <div className="row" role="radiogroup" aria-label="Where the items come from" style={{ marginBottom: 8 }}>
                <label className="checkbox">
                  <input type="radio" name="source" checked={source === 'paste'} onChange={() => setSource('paste')} /> Paste JSON lines or a JSON
                  array
                </label>
                <label className="checkbox">
                  <input type="radio" name="source" checked={source === 'file'} onChange={() => setSource('file')} /> Upload a CSV or JSON file
                </label>
              </div>
              {source === 'paste' ? (
                <div className="field">
                  <label htmlFor="items">Items</label>
                  <textarea
                    id="items"
                    rows={8}
                    value={pasted}
                    onChange={(e) => setPasted(e.target.value)}
                    placeholder={task?.example ? `${JSON.stringify(task.example)}\n${JSON.stringify(task.example)}` : '{"key": "value"}'}
                    aria-invalid={invalid('items') ?? (parsed.errors.length > 0 ? true : undefined)}
                    aria-describedby={describedBy('items', 'items-hint')}
                    spellCheck={false}
                  />
                  <p className="hint" id="items-hint">
                    One JSON value per line, or one JSON array.
                  </p>
                </div>
              ) : (
                <div className="field">
                  <label htmlFor="items-file">File</label>
                  <input
                    id="items-file"
                    type="file"
                    accept=".csv,.tsv,.json,.jsonl,.ndjson,text/csv,application/json"
                    onChange={onFile}
                    aria-invalid={invalid('items') ?? (parsed.errors.length > 0 ? true : undefined)}
                    aria-describedby={describedBy('items', 'file-hint')}
                  />
                  <p className="hint" id="file-hint">
                    CSV with a header row (one object per row, typed by the task's schema), a JSON array, or JSON lines. Read in your browser.
                  </p>
                  {fileError && <p className="field-error">{fileError}</p>}
                </div>
              )}
              <ItemsSummary parsed={parsed} fileName={source === 'file' ? file?.name : undefined} />
              <FieldError id="items-error" messages={errors.items} />
            </fieldset>
          </section>

          <section className="panel" aria-labelledby="how-h">
            <h2 id="how-h">How to run it</h2>
            <div className="field">
              <label htmlFor="name">Name (optional)</label>
              <input
                id="name"
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
              <label htmlFor="tag">Tag</label>
              <select
                id="tag"
                value={tag}
                onChange={(e) => setTag(e.target.value as '' | JobTag)}
                aria-invalid={invalid('tag')}
                aria-describedby={describedBy('tag', 'tag-hint')}
              >
                <option value="">The task&apos;s kind{task ? ` (${task.kind})` : ''}</option>
                {JOB_TAGS.map((t) => (
                  <option key={t} value={t}>
                    {t === 'IO' ? 'I/O-bound (IO)' : t === 'CPU' ? 'CPU-bound (CPU)' : 'Mixed (MIXED)'}
                  </option>
                ))}
              </select>
              <p className="hint" id="tag-hint">
                The tag and the number of items pick a rule from the decision table.
              </p>
              <FieldError id="tag-error" messages={errors.tag} />
            </div>
            <fieldset aria-describedby={describedBy('strategy')}>
              <legend>Strategy override (optional)</legend>
              <div className="row">
                <div className="field">
                  <label htmlFor="executor">Executor</label>
                  <select
                    id="executor"
                    value={executor}
                    onChange={(e) => setExecutor(e.target.value as '' | ExecutorKind)}
                    aria-invalid={invalid('strategy')}
                  >
                    <option value="">As the decision table says</option>
                    {EXECUTOR_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {k.toLowerCase()}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="concurrency">Concurrency</label>
                  <input
                    id="concurrency"
                    type="number"
                    min={1}
                    value={concurrency}
                    disabled={!executor}
                    onChange={(e) => setConcurrency(e.target.value)}
                    aria-invalid={invalid('strategy')}
                    placeholder="executor default"
                  />
                </div>
              </div>
              <FieldError id="strategy-error" messages={errors.strategy} />
            </fieldset>
            <div className="row">
              <NumberField
                id="timeoutMs"
                label="Timeout per job (ms)"
                name="timeoutMs"
                errors={errors}
                value={timeoutMs}
                onChange={setTimeoutMs}
                min={1}
                placeholder={task ? String(task.timeoutMs) : ''}
              />
              <NumberField
                id="maxAttempts"
                label="Attempts"
                name="maxAttempts"
                errors={errors}
                value={maxAttempts}
                onChange={setMaxAttempts}
                min={1}
                placeholder="default"
              />
              <NumberField
                id="backoffMs"
                label="Retry backoff base (ms)"
                name="backoffMs"
                errors={errors}
                value={backoffMs}
                onChange={setBackoffMs}
                min={0}
                placeholder="200"
              />
            </div>
            <div className="field">
              <label className="checkbox">
                <input type="checkbox" checked={background} onChange={(e) => setBackground(e.target.checked)} /> Background (fire and forget, lowest
                priority)
              </label>
            </div>
            <button type="submit" className="primary" disabled={submitState.fetching}>
              {submitState.fetching
                ? 'Submitting…'
                : `Submit ${parsed.items.length > 0 ? fmtInt(parsed.items.length) + ' ' : ''}${parsed.items.length === 1 ? 'item' : 'items'}`}
            </button>
          </section>
        </div>
      </form>
    </>
  );
}

function ItemsSummary({ parsed, fileName }: { parsed: ParsedItems; fileName: string | undefined }) {
  if (parsed.format === 'empty' && parsed.errors.length === 0) return null;
  const what = { 'json-array': 'JSON array', 'json-lines': 'JSON lines', csv: 'CSV', empty: '' }[parsed.format];
  return (
    <div aria-live="polite">
      <p className="hint" data-testid="items-count">
        {fmtInt(parsed.items.length)} {parsed.items.length === 1 ? 'item' : 'items'} read{fileName ? ` from ${fileName}` : ''} ({what})
        {parsed.errors.length > 0 ? `, ${parsed.errors.length} ${parsed.errors.length === 1 ? 'row' : 'rows'} with errors` : ''}.
      </p>
      {parsed.errors.length > 0 && (
        <ul className="field-error" aria-label="Rows that could not be read">
          {parsed.errors.slice(0, MAX_ITEM_ERRORS_SHOWN).map((e) => (
            <li key={`${e.line}:${e.message}`}>
              Line {e.line}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {parsed.items.length > 0 && parsed.errors.length === 0 && (
        <details>
          <summary>Preview</summary>
          <pre>
            {parsed.items
              .slice(0, 3)
              .map((i) => JSON.stringify(i))
              .join('\n')}
            {parsed.items.length > 3 ? '\n…' : ''}
          </pre>
        </details>
      )}
    </div>
  );
}
