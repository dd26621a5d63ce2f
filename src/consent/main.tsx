import { useEffect, useState, type KeyboardEvent } from 'react';
import { mount } from '../ui/mount';
import './consent.css';
import { ask } from '../browser/messages';

const params = new URLSearchParams(window.location.search);
const requestId = params.get('requestId') ?? '';
const origin = params.get('origin') ?? '';
const provider = params.get('provider') ?? '';
const name = params.get('name') ?? provider;
const tokenHost = params.get('host') ?? '';
const inject = (params.get('inject') ?? '').split(' ').filter(Boolean);

/**
 * Allow works only after the window has been in front this long, counted again from every focus
 * change: a page cannot time a click or a key press to land on it as the window opens.
 */
const INPUT_DELAY_MS = 1000;

async function answer(allow: boolean) {
  await ask({ type: 'consentAnswer', requestId, allow });
  window.close();
}

/** Counts `INPUT_DELAY_MS` from load, focus and blur; `true` once it has passed. */
function useArmed(): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const restart = () => {
      clearTimeout(timer);
      setArmed(false);
      timer = setTimeout(() => setArmed(true), INPUT_DELAY_MS);
    };
    restart();
    window.addEventListener('focus', restart);
    window.addEventListener('blur', restart);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('focus', restart);
      window.removeEventListener('blur', restart);
    };
  }, []);
  return armed;
}

/** A held-down key repeats: only a fresh press counts. */
const noRepeat = (event: KeyboardEvent) => {
  if (event.repeat) event.preventDefault();
};

/** The extension's own question, in its own window: the page cannot draw over it or click it. */
function Consent() {
  const armed = useArmed();
  return (
    <main>
      <h1>Allow this site to use your token?</h1>
      <p className="origin" data-testid="origin">
        {origin}
      </p>
      <p>
        asks for an access token for <strong>{name}</strong> (provider id <code>{provider}</code>,
        tokens from <code>{tokenHost}</code>).
      </p>
      <p>
        It will get access tokens for this provider only, never the refresh token, and only this
        exact origin. You can take this back in the options page.
      </p>
      {inject.length > 0 && (
        <p data-testid="inject">
          Token Keeper also adds this token to requests to {inject.join(', ')}: allowing this site
          lets every page on its host ({new URL(origin).hostname}, any port) call them with it.
        </p>
      )}
      <button onClick={() => void answer(false)} onKeyDown={noRepeat} autoFocus>
        Deny
      </button>
      <button onClick={() => void answer(true)} onKeyDown={noRepeat} disabled={!armed}>
        Allow
      </button>
    </main>
  );
}

mount(<Consent />);
