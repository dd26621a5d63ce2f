import { useEffect, useState } from 'react';
import { mount } from '../ui/mount';
import './popup.css';
import { openOptionsPage } from '../browser/runtime';
import { tick } from './clock';
import { FILTER_FROM, shownRows } from './order';
import { ProviderRow } from './provider-row';
import { follow, usePopup } from './state';

function Popup() {
  // Each part of the store is read on its own: the ticking clock is not in it at all.
  const providers = usePopup((s) => s.providers);
  const message = usePopup((s) => s.message);
  const open = usePopup((s) => s.open);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, []);
  const shown = providers && shownRows(providers, filter);
  return (
    <main>
      <header>
        <h1>Token Keeper</h1>
        <button className="quiet" onClick={() => void openOptionsPage()}>
          Options
        </button>
      </header>
      {providers && providers.length > FILTER_FROM && (
        <input
          type="search"
          className="filter"
          placeholder="Filter providers"
          aria-label="Filter providers"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      )}
      {providers === undefined ? null : providers.length === 0 ? (
        <div className="empty">
          <p>No providers yet.</p>
          <p className="muted">
            Add the OAuth server you test against; Token Keeper signs in, keeps its tokens fresh and
            copies a bearer token in one click.
          </p>
          <button className="primary" onClick={() => void openOptionsPage()}>
            Add a provider
          </button>
        </div>
      ) : (
        <ul aria-label="Providers">
          {shown?.map((p) => (
            <ProviderRow key={p.id} provider={p} open={open} />
          ))}
        </ul>
      )}
      {providers !== undefined && providers.length > 0 && shown?.length === 0 && (
        <p className="muted">No provider matches “{filter}”.</p>
      )}
      <p role="status" className="status-line">
        {message}
      </p>
    </main>
  );
}

// The state is asked for before React first renders, so that the answer is on its way meanwhile.
void follow();
mount(<Popup />);
