import type { ReactNode } from 'react';
import { graphql } from '@/gql';
import type { SubmitFailureFragment } from '@/gql/graphql';
import { fmtInt } from '../lib/format';

/** Error messages per form field, plus `form` for what belongs to no field. */
export type FieldErrors<K extends string> = Partial<Record<K | 'form', string[]>>;

/** How many item (or row) errors a form lists. */
export const MAX_ITEM_ERRORS_SHOWN = 20;

/**
 * The expected failures every submission mutation answers with (packages/schema's SubmitErrorResult): one fragment
 * on the `Error` interface, spread by both the Submit and the Compare mutations.
 */
export const SUBMIT_FAILURE_FRAGMENT = graphql(`
  fragment SubmitFailure on Error {
    __typename
    message
    ... on UnknownTaskError { task }
    ... on TooManyItemsError { max got }
    ... on InvalidFileError { rows { row message } }
    ... on InvalidItemsError { items { index path message } }
    ... on InvalidInputError { field issues { path message } }
    ... on QuotaExceededError { quota limit retryAfterMs }
    ... on QueueFullError { retryAfterMs }
  }
`);

export type SubmitFailure = SubmitFailureFragment;

/**
 * Puts an API failure next to the field it is about. `fieldFor` maps the API's field path (`timeoutMs`,
 * `strategies.1.concurrency`) to a form field, or 'form'; `where` says where an item came from (a line, generated…).
 * The form's keys must include `task` and `items`: unknown tasks and bad items are reported there.
 */
export function fieldErrorsFrom<K extends string>(
  failure: SubmitFailure,
  fieldFor: (apiField: string) => K | 'form',
  where: (index: number) => string,
): FieldErrors<K> {
  return byField(failure, fieldFor, where) as FieldErrors<K>;
}

function fmtSeconds(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1_000))} s`;
}

function byField(failure: SubmitFailure, fieldFor: (apiField: string) => string, where: (index: number) => string): Record<string, string[]> {
  switch (failure.__typename) {
    case 'UnknownTaskError':
      return { task: [failure.message] };
    case 'TooManyItemsError':
      return { items: [`${failure.message} (max ${fmtInt(failure.max)}, got ${fmtInt(failure.got)})`] };
    case 'InvalidFileError':
      return { items: [failure.message, ...failure.rows.slice(0, MAX_ITEM_ERRORS_SHOWN).map((row) => `Row ${row.row}: ${row.message}`)] };
    case 'InvalidItemsError':
      return {
        items: [
          failure.message,
          ...failure.items
            .slice(0, MAX_ITEM_ERRORS_SHOWN)
            .map((it) => `Item ${it.index + 1} (${where(it.index)})${it.path.length ? `, ${it.path.join('.')}` : ''}: ${it.message}`),
          ...(failure.items.length > MAX_ITEM_ERRORS_SHOWN ? [`…and ${failure.items.length - MAX_ITEM_ERRORS_SHOWN} more`] : []),
        ],
      };
    case 'InvalidInputError': {
      const messages =
        failure.issues.length > 0
          ? failure.issues.map((i) => (i.path.length && i.path.join('.') !== failure.field ? `${i.path.join('.')}: ${i.message}` : i.message))
          : [failure.message];
      const key = fieldFor(failure.field);
      return key === 'form' ? { form: [`${failure.field}: ${failure.message}`, ...messages] } : { [key]: messages };
    }
    // Refusals about the team or the server, not a field: nothing was written, and the same request may be sent again later.
    case 'QuotaExceededError':
    case 'QueueFullError':
      return { form: [`${failure.message} (try again in ${fmtSeconds(failure.retryAfterMs)})`] };
    // The fragment is on the Error interface, so it also names error types of other mutations (BatchNotFinishedError…):
    // never a submission's answer, but shown at the form rather than lost if one ever comes.
    default:
      return { form: [failure.message] };
  }
}

/** aria-invalid and aria-describedby for a field, from the current errors (FieldError ids are `${key}-error`). */
export function fieldAria<K extends string>(errors: FieldErrors<K>) {
  return {
    invalid: (k: K | 'form') => (errors[k]?.length ? true : undefined),
    describedBy: (k: K | 'form', hint?: string) => [hint, errors[k]?.length ? `${k}-error` : undefined].filter(Boolean).join(' ') || undefined,
  };
}

/** A field's errors under it: the first as a sentence, the rest as a list. */
export function FieldError({ id, messages }: { id: string; messages: string[] | undefined }): ReactNode {
  if (!messages || messages.length === 0) return null;
  return (
    <div className="field-error" id={id} role="alert">
      {messages[0]}
      {messages.length > 1 && (
        <ul>
          {messages.slice(1).map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Errors that belong to no field, above the form. */
export function FormErrors({ messages }: { messages: string[] | undefined }): ReactNode {
  if (!messages || messages.length === 0) return null;
  return (
    <div className="error-box" role="alert">
      {messages.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}

/** A labelled number input with its errors under it (the error key names the field in `errors`). */
export function NumberField<K extends string>(props: {
  id: string;
  label: string;
  name: K;
  errors: FieldErrors<K>;
  value: string;
  onChange: (value: string) => void;
  min?: number;
  placeholder?: string;
}): ReactNode {
  const { invalid, describedBy } = fieldAria(props.errors);
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        min={props.min}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={invalid(props.name)}
        aria-describedby={describedBy(props.name)}
      />
      <FieldError id={`${props.name}-error`} messages={props.errors[props.name]} />
    </div>
  );
}

/** A stable ref callback, so React calls it once per mount (an inline one would run, and steal focus, every render). */
const focusOnMount = (el: HTMLElement | null) => el?.focus();

/**
 * Every error of a failed submit in one box above the form, each field's linked to the field. It takes focus when it
 * mounts, so a keyboard or screen-reader user lands on what went wrong: give it a new `key` per failed submit.
 */
export function ErrorSummary<K extends string>({
  errors,
  labels,
  targetOf,
}: {
  errors: FieldErrors<K>;
  labels: Record<K, string>;
  /** The id of the control to jump to for a field's errors. */
  targetOf: (key: K) => string;
}): ReactNode {
  const entries = (Object.entries(errors) as [K | 'form', string[] | undefined][]).filter(([, m]) => m && m.length > 0);
  if (entries.length === 0) return null;
  return (
    <div
      className="error-box error-summary"
      role="alert"
      tabIndex={-1}
      aria-labelledby="error-summary-h"
      ref={focusOnMount}
      data-testid="error-summary"
    >
      <h2 id="error-summary-h">The batch was not submitted</h2>
      <ul>
        {entries.map(([key, messages]) =>
          key === 'form' ? (
            messages!.map((m, i) => <li key={`form-${i}`}>{m}</li>)
          ) : (
            <li key={key}>
              <a href={`#${targetOf(key)}`}>{labels[key]}</a>: {messages![0]}
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
