import { useEffect } from 'react';
import { mount } from '../ui/mount';
import './popup.css';
import { openOptionsPage } from '../browser/runtime';
import { ProviderRow } from './provider-row';
import { tick } from './clock';
import { follow, usePopup } from './store';

function Popup() {
  // Each part of the store is read on its own, so the ticking clock re-renders only countdowns.
  const providers = usePopup((s) => s.providers);
  const message = usePopup((s) => s.message);
  const open = usePopup((s) => s.open);
  useEffect(() => {
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <main>
      <header>
        <h1>Token Keeper</h1>
        <button onClick={() => void openOptionsPage()}>Options</button>
      </header>
      {providers === undefined ? null : providers.length === 0 ? (
        <p className="empty">
          No providers yet. <button onClick={() => void openOptionsPage()}>Add a provider</button>
        </p>
      ) : (
        <ul aria-label="Providers">
          {providers.map((p) => (
            <ProviderRow key={p.id} provider={p} open={open === p.id} />
          ))}
        </ul>
      )}
      <p role="status">{message}</p>
    </main>
  );
}

// The state is asked for before React first renders, so that the answer is on its way meanwhile.
void follow();
mount(<Popup />);
