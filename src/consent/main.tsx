import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ask } from '../browser/messages';

const params = new URLSearchParams(window.location.search);
const requestId = params.get('requestId') ?? '';
const origin = params.get('origin') ?? '';
const name = params.get('name') ?? params.get('provider') ?? '';

async function answer(allow: boolean) {
  await ask({ type: 'consentAnswer', requestId, allow });
  window.close();
}

/** The extension's own question, in its own window: the page cannot draw over it or click it. */
function Consent() {
  return (
    <main>
      <h1>Allow this site to use your token?</h1>
      <p>
        <span className="origin">{origin}</span> asks for an access token for{' '}
        <strong>{name}</strong>.
      </p>
      <p>
        It will get access tokens for this provider only, never the refresh token, and only this
        exact origin. You can take this back in the options page.
      </p>
      <button onClick={() => void answer(true)}>Allow</button>
      <button onClick={() => void answer(false)} autoFocus>
        Deny
      </button>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Consent />
    </StrictMode>,
  );
}
