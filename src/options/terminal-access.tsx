import { useEffect } from 'react';
import type { TerminalLinkState } from '../shared/protocol';
import {
  reloadTerminal,
  setTerminalAccess,
  turnTerminalOff,
  turnTerminalOn,
  useOptions,
} from './state';

/** The link to the terminal's helper, in words: what it is doing, and what to do about it. */
function LinkState({ link }: { link: TerminalLinkState }) {
  switch (link.kind) {
    case 'off':
      return <p>Terminal access is off.</p>;
    case 'starting':
      return <p>Starting the terminal helper…</p>;
    case 'connected':
      return (
        <p data-testid="terminal-link">
          The terminal helper runs: <code>token-keeper</code> reaches it at{' '}
          <code>{link.socket}</code>.
        </p>
      );
    case 'stopped':
      return (
        <p role="alert" data-testid="terminal-link">
          {link.reason?.includes('not found')
            ? 'The terminal helper is not installed. Run npx token-keeper install in Token Keeper’s folder, then Check again.'
            : `The terminal helper stopped${link.reason === undefined ? '' : ` (${link.reason})`}. Check again starts it.`}
        </p>
      );
  }
}

/**
 * The terminal (README, "The terminal"): native messaging on or off, the helper's state, and
 * which providers' tokens `token-keeper` may get. Off for every provider until allowed here or
 * in the window its first request opens.
 */
export function TerminalAccess() {
  const terminal = useOptions((s) => s.terminal);
  const policy = useOptions((s) => s.policy);
  const providers = useOptions((s) => s.providers);
  useEffect(() => void reloadTerminal(), []);
  const starting = terminal?.link.kind === 'starting';
  // A host being started says where it listens within a moment: the page asks again until then.
  useEffect(() => {
    if (!starting) return;
    const timer = setTimeout(() => void reloadTerminal(), 500);
    return () => clearTimeout(timer);
  }, [starting, terminal]);
  if (!terminal) return null;
  const { link, allowed } = terminal;
  return (
    <section aria-label="Terminal access">
      <h2>Terminal</h2>
      <p>
        <code>token-keeper token &lt;provider&gt;</code> prints a current access token in a
        terminal; the browser signs in and refreshes, nothing is kept on disk. Install its helper
        once (<code>npx token-keeper install</code> in Token Keeper’s folder), turn it on here, and
        allow the providers it may have tokens of.
      </p>
      {policy?.terminal === false && (
        <p role="note">Your organization turned terminal access off: the command gets nothing.</p>
      )}
      <LinkState link={link} />
      {link.kind === 'off' ? (
        <button className="primary" onClick={() => void turnTerminalOn()}>
          Turn on terminal access
        </button>
      ) : (
        <>
          <button onClick={() => void reloadTerminal()}>Check again</button>{' '}
          <button onClick={() => void turnTerminalOff()}>Turn off terminal access</button>
          <fieldset>
            <legend>Providers the terminal may get tokens of</legend>
            {providers.length === 0 && <p>No providers yet.</p>}
            {providers.map((p) => (
              <label key={p.id} className="check">
                <input
                  type="checkbox"
                  checked={allowed.includes(p.id)}
                  onChange={(e) => void setTerminalAccess(p.id, e.target.checked)}
                />{' '}
                {p.name} <code>{p.id}</code>
              </label>
            ))}
          </fieldset>
        </>
      )}
    </section>
  );
}
