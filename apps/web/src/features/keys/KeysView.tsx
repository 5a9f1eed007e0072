'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { CopyButton } from '@/components/CopyButton';
import { Loading, QueryError } from '@/components/QueryState';
import { Role, type ApiKeyFieldsFragment } from '@/gql/graphql';
import { fmtTime } from '@/lib/format';
import { session, useSession, type SignedIn } from '@/lib/session';
import { API_KEYS_QUERY, CREATE_API_KEY_MUTATION, REVOKE_API_KEY_MUTATION } from './queries';

const ROLES = [Role.Viewer, Role.Submitter, Role.Admin] as const;
const ROLE_HINT: Record<Role, string> = {
  [Role.Viewer]: 'reads only',
  [Role.Submitter]: 'reads, submits, cancels and retries',
  [Role.Admin]: 'as submitter, plus this page',
};

/** /keys/ (admins): the team's API keys; create one (shown once), revoke one (after a confirmation). */
export function KeysView() {
  const s = useSession();
  if (s.status !== 'signedIn') return null;
  return <Keys me={s} />;
}

function Keys({ me }: { me: SignedIn }) {
  // Open local mode means no key exists yet: nothing to list, and after the first key is created every further
  // request needs one, so the page must not re-query (the sign-in screen would hide the new key before it is copied).
  const [list, relist] = useQuery({ query: API_KEYS_QUERY, pause: !me.authRequired });
  const refresh = () => relist({ requestPolicy: 'network-only' });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>API keys</h1>
          <p className="muted" style={{ margin: 0 }}>
            Keys of team <strong>{me.team}</strong>. Scripts send one as <code>Authorization: Bearer &lt;key&gt;</code>; the dashboard signs in with
            one.
          </p>
        </div>
      </div>
      <CreateKey me={me} onCreated={refresh} />
      <section className="panel" aria-labelledby="keys-h">
        <h2 id="keys-h">Keys</h2>
        {!me.authRequired ? (
          <p className="empty">No keys yet: this server runs in open local mode.</p>
        ) : (
          <>
            <QueryError error={list.error} />
            {!list.data && list.fetching && <Loading what="keys" />}
            {list.data && <KeyTable keys={list.data.apiKeys} myKeyId={me.keyId} onRevoked={refresh} />}
          </>
        )}
      </section>
    </>
  );
}

function CreateKey({ me, onCreated }: { me: SignedIn; onCreated: () => void }) {
  // The first key of an open server is the one its admin signs in with next: admin by default there.
  const [role, setRole] = useState<Role>(me.authRequired ? Role.Submitter : Role.Admin);
  const [label, setLabel] = useState('');
  const [state, create] = useMutation(CREATE_API_KEY_MUTATION);
  const [created, setCreated] = useState<{ key: string; role: Role; label: string | null; openedServer: boolean } | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const r = await create({ role, label: label.trim() || null });
    const made = r.data?.createApiKey;
    if (!made) return;
    setCreated({ key: made.key, role: made.apiKey.role, label: made.apiKey.label ?? null, openedServer: !me.authRequired });
    setLabel('');
    if (me.authRequired) onCreated();
  }

  return (
    <section className="panel" aria-labelledby="new-key-h">
      <h2 id="new-key-h">Create a key</h2>
      {!me.authRequired && (
        <p className="notice" role="note">
          This server runs in open local mode. Creating a key switches it to requiring keys: from then on, everyone signs in with one.
        </p>
      )}
      <form onSubmit={(e) => void onSubmit(e)}>
        <div className="row">
          <div className="field">
            <label htmlFor="key-role">Role</label>
            <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r.toLowerCase()} ({ROLE_HINT[r]})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="key-label">Label (optional)</label>
            <input
              id="key-label"
              type="text"
              value={label}
              maxLength={100}
              onChange={(e) => setLabel(e.target.value)}
              placeholder="e.g. nightly CI"
            />
          </div>
        </div>
        <button type="submit" className="primary" disabled={state.fetching}>
          Create key
        </button>
      </form>
      {state.error && (
        <p className="error-box" role="alert">
          Could not create the key: {state.error.message}
        </p>
      )}
      {created && (
        <div className="ok-box new-key-box" role="status" data-testid="new-key">
          <p style={{ margin: 0 }}>
            New {created.role.toLowerCase()} key{created.label ? ` “${created.label}”` : ''}:
          </p>
          <div className="new-key">
            <code data-testid="new-key-value">{created.key}</code>
            <CopyButton text={created.key} label="the new key" />
          </div>
          <p style={{ margin: 0 }}>
            <strong>Copy it now: it is shown only this once.</strong> The server keeps only its hash; a lost key cannot be recovered, only revoked and
            replaced.
          </p>
          {created.openedServer && (
            <p style={{ margin: '8px 0 0' }}>
              The server now requires keys.{' '}
              <button type="button" onClick={() => void session.signIn(created.key)}>
                Sign in with this key
              </button>
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function KeyTable({ keys, myKeyId, onRevoked }: { keys: ApiKeyFieldsFragment[]; myKeyId: string | null; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [state, revoke] = useMutation(REVOKE_API_KEY_MUTATION);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  async function onRevoke(id: string) {
    setConfirming(null);
    const r = await revoke({ id });
    setMsg(
      r.error
        ? { ok: false, text: `Revoke failed: ${r.error.message}` }
        : r.data?.revokeApiKey
          ? { ok: true, text: `Key ${id} revoked: it stopped working at once.` }
          : { ok: false, text: `Key ${id} was not an active key of this team.` },
    );
    // Revoking this session's own key ends the session: the next request is refused and the sign-in screen shows.
    onRevoked();
  }

  if (keys.length === 0) return <p className="empty">No keys.</p>;
  return (
    <>
      {msg && (
        <p className={msg.ok ? 'ok-box' : 'error-box'} role="status">
          {msg.text}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Key</th>
              <th>Role</th>
              <th>Label</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => {
              const mine = k.id === myKeyId;
              return (
                <tr key={k.id} data-key-id={k.id}>
                  <td className="mono">
                    {k.id}
                    {mine && (
                      <span className="tag" style={{ marginLeft: 6 }}>
                        this session
                      </span>
                    )}
                  </td>
                  <td>{k.role.toLowerCase()}</td>
                  <td>{k.label ?? '—'}</td>
                  <td>{fmtTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? fmtTime(k.lastUsedAt) : 'never'}</td>
                  <td>{k.revokedAt ? `revoked ${fmtTime(k.revokedAt)}` : 'active'}</td>
                  <td>
                    {!k.revokedAt &&
                      (confirming === k.id ? (
                        <span className="actions-row">
                          <button type="button" className="danger" onClick={() => void onRevoke(k.id)} disabled={state.fetching}>
                            {mine ? 'Yes, revoke (signs you out)' : 'Yes, revoke'}
                          </button>
                          <button type="button" onClick={() => setConfirming(null)}>
                            Keep
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="danger" onClick={() => setConfirming(k.id)} aria-label={`Revoke key ${k.id}`}>
                          Revoke
                        </button>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
