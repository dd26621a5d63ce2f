import { useState } from 'react';
import { requestHosts } from '../browser/permissions';
import { ask } from '../browser/messages';
import type { FieldError } from '../core/profile/parse';
import type { ImportedProfile } from '../shared/protocol';

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
export function ImportProfiles({ onDone }: { onDone: (message: string) => void }) {
  const [pending, setPending] = useState<{ text: string; profiles: readonly ImportedProfile[] }>();
  const [problems, setProblems] = useState<readonly FieldError[]>([]);

  const read = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    const reply = await ask({ type: 'importProfiles', text, apply: false });
    if (reply.ok) {
      setProblems([]);
      setPending({ text, profiles: reply.value.profiles });
      return;
    }
    setPending(undefined);
    setProblems(reply.error.fields ?? [{ path: 'file', message: reply.error.message }]);
    onDone(reply.error.message);
  };

  const apply = () => {
    if (!pending) return;
    // Asked inside the click, before any await: Firefox honours a request only there.
    const granted = requestHosts([...new Set(pending.profiles.flatMap((p) => p.hosts))]).catch(
      () => false,
    );
    void (async () => {
      if (!(await granted)) {
        onDone(
          'Import: Token Keeper needs permission to reach the hosts listed; nothing was imported.',
        );
        return;
      }
      const reply = await ask({ type: 'importProfiles', text: pending.text, apply: true });
      setPending(undefined);
      if (!reply.ok) {
        setProblems(reply.error.fields ?? []);
        onDone(reply.error.message);
        return;
      }
      const dropped = reply.value.profiles.filter((p) => p.change === 'moved' && p.connected);
      onDone(
        `Imported ${reply.value.profiles.length} profile(s)` +
          (dropped.length > 0
            ? `; signed out of ${dropped.map((p) => p.name).join(', ')}, whose endpoints changed: sign in again and enter their secrets`
            : ''),
      );
    })();
  };

  return (
    <>
      <label>
        <span>Import profiles</span>
        <input
          type="file"
          accept="application/json,.json"
          aria-label="Import profiles"
          onChange={(e) => void read(e.target.files?.[0])}
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
          <button onClick={apply}>Apply import</button>
          <button onClick={() => setPending(undefined)}>Cancel</button>
        </section>
      )}
    </>
  );
}
