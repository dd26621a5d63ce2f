import { useEffect, useState } from 'react';
import { addSite, reloadAccess, removeSite, revokeGrant, useOptions } from './state';

/**
 * Which web pages may ask for tokens: the sites the bridge runs on, the grants per origin and
 * provider (revocable; the next request asks again), and the audit of tokens handed out.
 */
export function PageAccess() {
  const access = useOptions((s) => s.access);
  const problem = useOptions((s) => s.siteProblem);
  const [site, setSite] = useState('');
  useEffect(() => void reloadAccess(), []);

  if (!access) return null;
  return (
    <section aria-label="Page access">
      <h2>Web pages</h2>
      <p>
        Pages on <code>http://localhost</code> and <code>http://127.0.0.1</code> can ask at once in
        Chrome. Other sites (and every site in Firefox) need the page bridge: add them here. Either
        way, the first request of each origin for each provider asks you.
      </p>
      <table aria-label="Sites">
        <tbody>
          {access.sites.map((origin) => (
            <tr key={origin}>
              <td>{origin}</td>
              <td>
                <button
                  onClick={() => void removeSite(origin)}
                  aria-label={`Remove site ${origin}`}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        <span>Add a site</span>
        <input
          type="url"
          value={site}
          placeholder="https://app.example:8443"
          onChange={(e) => setSite(e.target.value)}
          aria-label="Site origin"
        />
      </label>
      <button onClick={() => void addSite(site)}>Add site</button>
      {problem && <p role="alert">{problem}</p>}
      <h3>Allowed</h3>
      <table aria-label="Grants">
        <tbody>
          {access.grants.map((g) => (
            <tr key={`${g.origin} ${g.provider}`}>
              <td>{g.origin}</td>
              <td>{g.provider}</td>
              <td>{new Date(g.grantedAt).toLocaleString()}</td>
              <td>
                <button
                  onClick={() => void revokeGrant(g.origin, g.provider)}
                  aria-label={`Revoke ${g.origin} for ${g.provider}`}
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Tokens handed out</h3>
      <table aria-label="Audit">
        <tbody>
          {access.audit.slice(0, 50).map((a, i) => (
            <tr key={`${a.at} ${i}`}>
              <td>{new Date(a.at).toLocaleString()}</td>
              <td>{a.origin}</td>
              <td>{a.identity === undefined ? a.provider : `${a.provider} as ${a.identity}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
