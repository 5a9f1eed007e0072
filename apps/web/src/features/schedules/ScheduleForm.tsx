'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { FieldError, fieldAria, fieldErrorsFrom, FormErrors, type FieldErrors as FieldErrorsOf } from '@/components/FieldErrors';
import { OverlapPolicy } from '@/gql/graphql';
import { CREATE_SCHEDULE_MUTATION } from './queries';

type FieldKey = 'name' | 'cron' | 'timezone' | 'task' | 'items' | 'overlap';
type FieldErrors = FieldErrorsOf<FieldKey>;

const OVERLAPS: readonly OverlapPolicy[] = Object.values(OverlapPolicy);

/** The API's field (`cron`, `batch.items`, `batch.timeoutMs`…) → the form field that shows it. */
function fieldFor(apiField: string): FieldKey | 'form' {
  const field = apiField.replace(/^batch\./, '');
  return (['name', 'cron', 'timezone', 'task', 'items', 'overlap'] as const).find((k) => k === field) ?? 'form';
}

/** Creates a schedule: name, cron (seconds allowed), time zone, the batch (task and items as JSON), overlap policy. */
export function ScheduleForm({ tasks, onCreated }: { tasks: readonly { name: string; example?: unknown }[]; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [cron, setCron] = useState('* * * * *');
  const [timezone, setTimezone] = useState('UTC');
  const [task, setTask] = useState('');
  const [items, setItems] = useState('[{}]');
  const [overlap, setOverlap] = useState<OverlapPolicy>(OverlapPolicy.Skip);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [state, create] = useMutation(CREATE_SCHEDULE_MUTATION);
  const { invalid, describedBy } = fieldAria(errors);

  function chooseTask(next: string) {
    setTask(next);
    const example = tasks.find((t) => t.name === next)?.example;
    if (example !== undefined && example !== null) setItems(JSON.stringify([example], null, 2));
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(items);
    } catch (error: unknown) {
      setErrors({ items: [`Items are not JSON: ${error instanceof Error ? error.message : String(error)}`] });
      return;
    }
    if (!Array.isArray(parsed)) {
      setErrors({ items: ['Items must be a JSON array, one item per job'] });
      return;
    }
    const r = await create({ input: { name, cron, timezone: timezone || null, overlap, batch: { task, items: parsed } } });
    const result = r.data?.createSchedule;
    if (r.error || !result) return setErrors({ form: [r.error?.message ?? 'No answer'] });
    if (result.__typename === 'CreateScheduleSuccess') {
      setErrors({});
      setName('');
      onCreated();
      return;
    }
    setErrors(fieldErrorsFrom<FieldKey>(result, fieldFor, (index) => `items[${index}]`));
  }

  return (
    <form className="panel" aria-labelledby="new-schedule-h" onSubmit={onSubmit} noValidate>
      <h2 id="new-schedule-h">New schedule</h2>
      <FormErrors messages={errors.form} />
      <div className="row">
        <div className="field">
          <label htmlFor="s-name">Name</label>
          <input
            id="s-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={invalid('name')}
            aria-describedby={describedBy('name')}
          />
          <FieldError id="name-error" messages={errors.name} />
        </div>
        <div className="field">
          <label htmlFor="s-cron">Cron</label>
          <input
            id="s-cron"
            className="mono"
            value={cron}
            onChange={(e) => setCron(e.target.value)}
            aria-invalid={invalid('cron')}
            aria-describedby={describedBy('cron', 's-cron-hint')}
          />
          <p className="hint" id="s-cron-hint">
            five fields, or six with seconds first (<span className="mono">*/10 * * * * *</span>: every 10 s)
          </p>
          <FieldError id="cron-error" messages={errors.cron} />
        </div>
        <div className="field">
          <label htmlFor="s-tz">Time zone</label>
          <input
            id="s-tz"
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
            aria-invalid={invalid('timezone')}
            aria-describedby={describedBy('timezone')}
          />
          <FieldError id="timezone-error" messages={errors.timezone} />
        </div>
        <div className="field">
          <label htmlFor="s-task">Task</label>
          <select
            id="s-task"
            value={task}
            onChange={(e) => chooseTask(e.target.value)}
            aria-invalid={invalid('task')}
            aria-describedby={describedBy('task')}
          >
            <option value="">Choose a task</option>
            {tasks.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
          <FieldError id="task-error" messages={errors.task} />
        </div>
        <div className="field">
          <label htmlFor="s-overlap">If the previous run is unfinished</label>
          <select id="s-overlap" value={overlap} onChange={(e) => setOverlap(e.target.value as OverlapPolicy)}>
            {OVERLAPS.map((o) => (
              <option key={o} value={o}>
                {o === OverlapPolicy.Skip ? 'skip this run' : o === OverlapPolicy.Allow ? 'run both' : 'cancel the previous'}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="s-items">Items (JSON array, one job each)</label>
        <textarea
          id="s-items"
          className="mono"
          rows={4}
          value={items}
          onChange={(e) => setItems(e.target.value)}
          aria-invalid={invalid('items')}
          aria-describedby={describedBy('items')}
        />
        <FieldError id="items-error" messages={errors.items} />
      </div>
      <button type="submit" disabled={state.fetching}>
        Create schedule
      </button>
    </form>
  );
}
