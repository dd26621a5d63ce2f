import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { onStorageChange } from '../browser/storage';
import { ProviderRow } from './provider-row';
import { reload, tick, usePopup } from './store';

function Popup() {
  const { providers, now, message } = usePopup();
  useEffect(() => {
    void reload();
    const stop = onStorageChange(() => void reload());
    const timer = setInterval(tick, 1000);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, []);
  return (
    <main>
      <h1>Token Keeper</h1>
      {providers.length === 0 ? (
        <p>No providers yet.</p>
      ) : (
        <ul>
          {providers.map((p) => (
            <ProviderRow key={p.id} provider={p} now={now} />
          ))}
        </ul>
      )}
      <p role="status">{message}</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Popup />
    </StrictMode>,
  );
}
