import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { openOptionsPage } from '../browser/runtime';
import { onStorageChange } from '../browser/storage';
import { ProviderRow } from './provider-row';
import { reload, tick, usePopup } from './store';

function Popup() {
  const { providers, now, message, open } = usePopup();
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
      <header>
        <h1>Token Keeper</h1>
        <button onClick={() => void openOptionsPage()}>Options</button>
      </header>
      {providers.length === 0 ? (
        <p className="empty">
          No providers yet. <button onClick={() => void openOptionsPage()}>Add a provider</button>
        </p>
      ) : (
        <ul aria-label="Providers">
          {providers.map((p) => (
            <ProviderRow key={p.id} provider={p} now={now} open={open === p.id} />
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
