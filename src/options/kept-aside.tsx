import { useState } from 'react';
import type { KeptAsideView } from '../shared/protocol';
import { dropKeptAside, useOptions } from './state';

const PAGE_ACCESS_LISTS: Readonly<Record<string, string>> = {
  grants: 'The list of allowed pages',
  sites: 'The list of sites the bridge runs on',
  audit: 'The list of tokens handed to pages',
  denials: 'The list of pages told no',
};

const title = ({ what, providerId, key }: KeptAsideView) =>
  what === 'profile'
    ? `The profile “${providerId}”`
    : what === 'sign-in'
      ? `The sign-in of “${providerId}”`
      : (PAGE_ACCESS_LISTS[key] ?? key);

/** What removing it does, said before the user confirms. */
const consequence = ({ what }: KeptAsideView) =>
  what === 'profile'
    ? 'Its stored sign-ins go with it (nothing is revoked at the provider), and its id is free again.'
    : what === 'sign-in'
      ? 'Its tokens are forgotten (nothing is revoked at the provider).'
      : 'This copy as it was stored goes; the entries Token Keeper could read stay in use.';

/**
 * Stored items this version could not read (docs/architecture.md, "Parsed on read"): unused, kept
 * until the user removes them, each with why. Shown only when there are some.
 */
export function KeptAside() {
  const kept = useOptions((s) => s.keptAside);
  const [removing, setRemoving] = useState<string>();
  if (kept.length === 0) return null;
  return (
    <section aria-label="Kept aside">
      <h2>Kept aside</h2>
      <p>
        Token Keeper could not read these stored items, so it does not use them; every other
        provider works as before. They stay here, unchanged, until you remove them.
      </p>
      <ul className="kept-aside">
        {kept.map((item) => (
          <li key={`${item.area}:${item.key}`}>
            <strong>{title(item)}</strong>: {item.reason}.
            {item.fields && item.fields.length > 0 && (
              <details>
                <summary>Advanced: the fields, as the profile’s JSON names them</summary>
                <ul>
                  {item.fields.map((field) => (
                    <li key={field.path + field.message}>
                      {field.path}: {field.message}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {removing === item.key ? (
              <span role="group" aria-label={`Remove ${title(item)}?`} className="confirm">
                <span>{consequence(item)}</span>
                <button
                  className="danger"
                  onClick={() => {
                    setRemoving(undefined);
                    void dropKeptAside(item);
                  }}
                >
                  Remove it
                </button>
                <button autoFocus onClick={() => setRemoving(undefined)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button onClick={() => setRemoving(item.key)} aria-label={`Remove ${title(item)}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
