import type { CombinedError } from 'urql';

export function QueryError({ error }: { error: CombinedError | undefined }) {
  if (!error) return null;
  // A network error means the server could not be reached; say so in words rather than "[Network] Failed to fetch".
  const text = error.networkError ? 'the server could not be reached. Reload the page once it is back.' : error.message;
  return (
    <p className="error-box" role="alert">
      Could not load: {text}
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
