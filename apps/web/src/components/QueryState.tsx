import type { CombinedError } from 'urql';

export function QueryError({ error }: { error: CombinedError | undefined }) {
  if (!error) return null;
  return (
    <p className="error-box" role="alert">
      Could not load: {error.message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}
