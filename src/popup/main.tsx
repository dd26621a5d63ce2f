import { useEffect, useState } from 'react';
import { mount } from '../ui/mount';
import './popup.css';
import { openOptionsPage } from '../browser/runtime';
import type { ProviderView } from '../shared/protocol';
import { tick } from './clock';
import { ProviderRow } from './provider-row';
import { follow, usePopup } from './store';

/** Providers that need the user come first; otherwise the order they were added in. */
const URGENCY: Record<ProviderView['status'], number> = {
  'needs-sign-in': 0,
  error: 0,
  refreshing: 1,
  fresh: 1,
  'signed-out': 2,
};
const byUrgency = (providers: readonly ProviderView[]) =>
  [...providers].sort((a, b) => URGENCY[a.status] - URGENCY[b.status]);

/** More rows than this and a filter box appears. */
const FILTER_FROM = 8;

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
  const wanted = filter.trim().toLowerCase();
  const shown =
    providers && byUrgency(providers).filter((p) => p.name.toLowerCase().includes(wanted));
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
            <ProviderRow key={p.id} provider={p} open={open === p.id} />
          ))}
        </ul>
      )}
      {shown?.length === 0 && <p className="muted">No provider matches “{filter}”.</p>}
      <p role="status" className="message">
        {message}
      </p>
    </main>
  );
}

// The state is asked for before React first renders, so that the answer is on its way meanwhile.
void follow();
mount(<Popup />);
