import { useEffect, useState, type KeyboardEvent } from 'react';
import { mount } from '../ui/mount';
import './consent.css';
import { ask } from '../browser/messages';
import { fitWindowToContent } from '../browser/consent-window';
import { TERMINAL } from '../core/consent';
import { originParts } from './origin-parts';

const params = new URLSearchParams(window.location.search);
const requestId = params.get('requestId') ?? '';
const origin = params.get('origin') ?? '';
const provider = params.get('provider') ?? '';
const name = params.get('name') ?? provider;
const tokenHost = params.get('host') ?? '';
/** The identity the site gets now, named when the provider holds several or the site named it. */
const identity = params.get('identity');
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

/** The asking origin, as large as the window allows: scheme, labels, site and port apart. */
function Origin() {
  if (origin === TERMINAL)
    return (
      <p className="origin" data-testid="origin">
        The <code>token-keeper</code> command, in a terminal of this computer: any program you run
        can run it.
      </p>
    );
  const parts = originParts(origin);
  if (!parts) return <p className="origin">{origin}</p>;
  return (
    <>
      <p className="origin" data-testid="origin">
        <span className="scheme">{parts.scheme}</span>
        <span className="sub">{parts.sub}</span>
        <span className="site">{parts.site}</span>
        <span className="port">{parts.portText}</span>
      </p>
      <dl className="facts">
        <dt>Site</dt>
        <dd>
          <code>{parts.site}</code>
          {parts.sub && (
            <>
              {' '}
              (the part before it, <code>{parts.sub}</code>, is chosen by that site)
            </>
          )}
        </dd>
        <dt>Connection</dt>
        <dd>
          {parts.encrypted ? 'https, encrypted' : 'http, not encrypted'} · port {parts.port}
          {parts.defaultPort && ' (the default)'}
        </dd>
      </dl>
      {parts.idn && (
        <p className="warning" role="note">
          This name has letters from outside the Latin alphabet, shown here as the browser reads
          them (<code>xn--</code>). A look-alike of a name you know is a common trick: deny unless
          you expected this exact address.
        </p>
      )}
    </>
  );
}

/** The extension's own question, in its own window: the page cannot draw over it or click it. */
function Consent() {
  const armed = useArmed();
  useEffect(() => {
    void fitWindowToContent();
  }, []);
  return (
    <main>
      <h1>
        {origin === TERMINAL
          ? 'Allow the terminal to use your token?'
          : 'Allow this site to use your token?'}
      </h1>
      <Origin />
      <p>
        asks for an access token for <strong>{name}</strong>
        {identity !== null && (
          <>
            {' '}
            signed in as <strong data-testid="identity">{identity}</strong>
          </>
        )}{' '}
        (provider id <code>{provider}</code>, tokens from <code>{tokenHost}</code>).
      </p>
      {identity !== null && (
        <p className="muted">
          Allowing it covers every identity you sign in to {name} with: the site may ask for another
          one by its name later.
        </p>
      )}
      <p className="muted">
        It will get access tokens for this provider only, never the refresh token
        {origin === TERMINAL ? '' : ', and only this exact origin'}. You can take this back in the
        options page.
      </p>
      {inject.length > 0 && origin !== TERMINAL && (
        <p data-testid="inject">
          Token Keeper also adds this token to requests to {inject.join(', ')}: allowing this site
          lets every page on its host ({new URL(origin).hostname}, any port) call them with it.
        </p>
      )}
      <div className="answers">
        <button
          className="primary"
          onClick={() => void answer(false)}
          onKeyDown={noRepeat}
          autoFocus
        >
          Deny
        </button>
        <button onClick={() => void answer(true)} onKeyDown={noRepeat} disabled={!armed}>
          Allow
        </button>
      </div>
    </main>
  );
}

mount(<Consent />);
