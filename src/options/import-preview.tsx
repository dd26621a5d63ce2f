import type { ImportedProfile } from '../shared/protocol';
import { applyImport, cancelImport, previewImport, useOptions } from './state';

const CHANGE: Record<ImportedProfile['change'], string> = {
  new: 'new profile',
  same: 'replaces the stored one; sends everything where it did, keeps its secrets and sign-in',
  moved:
    'replaces the stored one and sends elsewhere: its stored secrets and sign-in will be dropped',
};

/**
 * Import in two steps: the file is read and what it would change is shown (each profile's hosts,
 * and every endpoint that moved); only "Apply import" stores it, asking for the hosts in that
 * click, as Save does.
 */
export function ImportProfiles() {
  const pending = useOptions((s) => s.importing);
  const problems = useOptions((s) => s.importProblems);
  return (
    <>
      <label>
        <span>Import profiles</span>
        <input
          type="file"
          accept="application/json,.json"
          aria-label="Import profiles"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void previewImport(file);
          }}
        />
      </label>
      {problems.length > 0 && (
        <ul className="errors" aria-label="Import problems">
          {problems.map((e) => (
            <li key={e.path + e.message}>
              {e.path}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {pending && (
        <section aria-label="Import preview">
          <h3>What the import does</h3>
          <ul>
            {pending.profiles.map((p) => (
              <li key={p.id} data-import={p.id}>
                <strong>{p.name}</strong> ({p.id}): {CHANGE[p.change]}
                {p.changes.length > 0 && (
                  <ul aria-label={`What moved in ${p.name}`}>
                    {p.changes.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                )}
                {p.hosts.length > 0 && <p>Hosts to allow: {p.hosts.join(', ')}</p>}
                {p.secretsNotImported.length > 0 && (
                  <p>
                    Not imported: {p.secretsNotImported.join(', ')} (an import never takes secrets).
                    Set {p.secretsNotImported.length > 1 ? 'them' : 'it'} with Edit once imported.
                  </p>
                )}
              </li>
            ))}
          </ul>
          <button onClick={applyImport}>Apply import</button>
          <button onClick={cancelImport}>Cancel</button>
        </section>
      )}
    </>
  );
}
