import { useEffect, useState } from 'react';
import { ask } from '../browser/messages';
import { requestHosts } from '../browser/permissions';
import type { Access } from '../shared/protocol';
import { grantedAtInstall } from '../core/profile/targets';

/**
 * Which web pages may ask for tokens: the sites the bridge runs on, the grants per origin and
 * provider (revocable; the next request asks again), and the audit of tokens handed out.
 */
export function PageAccess() {
  const [access, setAccess] = useState<Access | undefined>();
  const [site, setSite] = useState('');
  const [problem, setProblem] = useState('');
  const reload = () => void ask({ type: 'listAccess' }).then((r) => r.ok && setAccess(r.value));
  useEffect(reload, []);

  const add = async () => {
    let origin: string;
    try {
      origin = new URL(site).origin;
    } catch {
      return setProblem(`"${site}" is not a URL like https://app.example:8443`);
    }
    const granted = grantedAtInstall(origin) || (await requestHosts([origin]).catch(() => false));
    if (!granted) return setProblem(`Token Keeper needs permission to run on ${origin}`);
    const reply = await ask({ type: 'addSite', origin });
    setProblem(reply.ok ? '' : reply.error.message);
    reload();
  };
  const act = async (request: Parameters<typeof ask>[0]) => {
    await ask(request);
    reload();
  };

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
                  onClick={() => void act({ type: 'removeSite', origin })}
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
      <button onClick={() => void add()}>Add site</button>
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
                  onClick={() =>
                    void act({ type: 'revokeGrant', origin: g.origin, providerId: g.provider })
                  }
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
              <td>{a.provider}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
