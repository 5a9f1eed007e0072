'use client';

import { useState, type FormEvent } from 'react';
import { session } from '@/lib/session';

/** The sign-in screen, shown instead of any page while the server requires a key and this browser has no session. */
export function SignInView({ expired }: { expired: boolean }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Enter an API key.');
      return;
    }
    setBusy(true);
    const refused = await session.signIn(trimmed);
    // On success the gate replaces this screen; only a refusal comes back here.
    setBusy(false);
    setError(refused);
  }

  return (
    <section className="panel signin" aria-labelledby="signin-h">
      <h1 id="signin-h">Sign in</h1>
      <p className="muted">
        This Switchyard server requires an API key. An admin creates one with <code>npm run keys -- create --team &lt;name&gt; --role viewer</code>{' '}
        (or <code>submitter</code>, <code>admin</code>).
      </p>
      {expired && (
        <p className="notice" role="status">
          Your session ended: its key was revoked, or the server now requires a key. Sign in again.
        </p>
      )}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="field">
          <label htmlFor="signin-key">API key</label>
          <input
            id="signin-key"
            type="password"
            name="key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="sy_…"
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'signin-error' : 'signin-hint'}
          />
          <p className="hint" id="signin-hint">
            The key is sent once; the server keeps the session in an HttpOnly cookie that page scripts cannot read.
          </p>
          {error && (
            <p className="field-error" id="signin-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
