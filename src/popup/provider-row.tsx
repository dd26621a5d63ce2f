import { useState, type SyntheticEvent } from 'react';
import { ask } from '../browser/messages';
import type { ProviderView } from '../shared/protocol';
import { countdown } from './countdown';
import { say } from './store';

const STATUS_WORDS: Record<ProviderView['status'], string> = {
  'signed-out': 'not connected',
  fresh: 'fresh',
  refreshing: 'refreshing',
  'needs-sign-in': 'needs sign-in',
  error: 'error',
};

async function run(label: string, action: Promise<{ ok: boolean; error?: { message: string } }>) {
  const reply = await action;
  say(reply.ok ? `${label}: done` : `${label}: ${reply.error?.message ?? 'failed'}`);
}

export function ProviderRow({ provider, now }: { provider: ProviderView; now: number }) {
  const [askCredentials, setAskCredentials] = useState(false);
  const { id, name, status, expiresAt, refreshExpiresAt, error } = provider;
  const connected = status !== 'signed-out';

  const connect = () => {
    if (provider.signIn === 'password') setAskCredentials(true);
    else void run(`Connect ${name}`, ask({ type: 'connect', providerId: id }));
  };
  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const username = data.get('username');
    const password = data.get('password');
    if (typeof username !== 'string' || typeof password !== 'string') return;
    setAskCredentials(false);
    void run(
      `Connect ${name}`,
      ask({ type: 'connect', providerId: id, credentials: { username, password } }),
    );
  };
  const copy = async () => {
    const reply = await ask({ type: 'getToken', providerId: id, minValiditySeconds: 30 });
    if (!reply.ok) return say(`Copy: ${reply.error.message}`);
    await navigator.clipboard.writeText(reply.value.accessToken);
    say(`Copied the ${name} access token`);
  };

  return (
    <li aria-label={name} data-provider={id}>
      <span className="name">{name}</span>
      <span className={`status ${status}`} data-testid="status">
        {STATUS_WORDS[status]}
      </span>
      {connected && expiresAt !== undefined && (
        <div className="times">
          access <span data-testid="access-countdown">{countdown(expiresAt, now)}</span>
          {refreshExpiresAt !== undefined && (
            <>
              {' · refresh '}
              <span data-testid="refresh-countdown">{countdown(refreshExpiresAt, now)}</span>
            </>
          )}
        </div>
      )}
      {error && (status === 'error' || status === 'needs-sign-in') && (
        <div className="reason">{error.message}</div>
      )}
      <div>
        <button onClick={connect}>{connected ? 'Reconnect' : 'Connect'}</button>
        {connected && (
          <>
            <button
              onClick={() => void run(`Refresh ${name}`, ask({ type: 'refresh', providerId: id }))}
            >
              Refresh now
            </button>
            <button onClick={() => void copy()}>Copy token</button>
            <button
              onClick={() =>
                void run(`Disconnect ${name}`, ask({ type: 'disconnect', providerId: id }))
              }
            >
              Disconnect
            </button>
          </>
        )}
      </div>
      {askCredentials && (
        <form onSubmit={submit} aria-label={`Sign in to ${name}`}>
          <input name="username" aria-label="User name" autoComplete="username" required />
          <input name="password" aria-label="Password" type="password" required />
          <button type="submit">Sign in</button>
        </form>
      )}
    </li>
  );
}
