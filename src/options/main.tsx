import { useEffect, useState } from 'react';
import { mount } from '../ui/mount';
import './options.css';
import { presetLabel } from '../core/profile/presets';
import { PRESET_IDS, type PresetId } from '../core/profile/types';
import { Editor } from './editor';
import { ImportProfiles } from './import-preview';
import { ForYourProvider } from './for-provider';
import { KeptAside } from './kept-aside';
import { PageAccess } from './page-access';
import { TerminalAccess } from './terminal-access';
import { PolicyProblems } from './policy-problems';
import {
  addProvider,
  choosePreset,
  connectProvider,
  deleteProvider,
  editProvider,
  exportAll,
  follow,
  setBase,
  useOptions,
} from './state';

function Options() {
  const providers = useOptions((s) => s.providers);
  const editing = useOptions((s) => s.editing);
  const preset = useOptions((s) => s.preset);
  const base = useOptions((s) => s.base);
  const baseProblem = useOptions((s) => s.baseProblem);
  const message = useOptions((s) => s.message);
  const exported = useOptions((s) => s.exported);
  /** The provider whose Delete waits for the user's second word. */
  const [deleting, setDeleting] = useState<string>();
  useEffect(() => void follow(), []);
  return (
    <main>
      <h1>Token Keeper options</h1>
      <p role="status" className="status-line">
        {message}
      </p>
      <PolicyProblems />
      <h2>Providers</h2>
      {providers.length === 0 ? (
        <p>No providers yet: add one below.</p>
      ) : (
        <table aria-label="Providers">
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.name}
                  {!p.name.startsWith(presetLabel(p.preset)) && (
                    <span className="preset">{presetLabel(p.preset)}</span>
                  )}
                  {p.managed && <span className="preset">set by your organization</span>}
                </td>
                <td>
                  <span className={`status ${p.status}`}>
                    {p.status === 'signed-out' ? 'not connected' : p.status.replace(/-/g, ' ')}
                  </span>
                </td>
                <td className="actions">
                  {(p.status === 'signed-out' || p.status === 'needs-sign-in') &&
                    p.signIn !== 'password' && (
                      <button
                        className="primary"
                        onClick={() => void connectProvider(p.id, p.name)}
                        aria-label={`Connect ${p.name}`}
                      >
                        Connect
                      </button>
                    )}
                  <button onClick={() => void editProvider(p.id)} aria-label={`Edit ${p.name}`}>
                    Edit
                  </button>
                  {p.managed ? null : deleting === p.id ? (
                    <span role="group" aria-label={`Delete ${p.name}?`} className="confirm">
                      <span>
                        Delete {p.name}?{' '}
                        {p.status === 'signed-out'
                          ? 'Its profile and page grants go.'
                          : 'Its sign-in is revoked at the provider where it can be, and its profile and page grants go.'}
                      </span>
                      <button
                        className="danger"
                        onClick={() => {
                          setDeleting(undefined);
                          void deleteProvider(p.id, p.name);
                        }}
                      >
                        Delete {p.name}
                      </button>
                      <button autoFocus onClick={() => setDeleting(undefined)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button
                      className="danger"
                      onClick={() => setDeleting(p.id)}
                      aria-label={`Delete ${p.name}`}
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <Editor
          key={editing.editable.profile.id}
          editable={editing.editable}
          isNew={editing.isNew}
          managed={providers.some((p) => p.id === editing.editable.profile.id && p.managed)}
        />
      ) : (
        <section aria-label="Add a provider">
          <h2>Add a provider</h2>
          <label>
            <span>Preset</span>
            <select value={preset} onChange={(e) => choosePreset(e.target.value as PresetId)}>
              {PRESET_IDS.map((id) => (
                <option key={id} value={id}>
                  {presetLabel(id)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{preset === 'oidc' ? 'Issuer URL' : 'Server URL'}</span>
            <input
              type="url"
              value={base}
              placeholder="the preset’s own host"
              onChange={(e) => setBase(e.target.value)}
              aria-invalid={baseProblem !== undefined}
              aria-describedby={baseProblem === undefined ? undefined : 'base-problem'}
            />
          </label>
          {baseProblem !== undefined && (
            <div className="field-error" role="alert" id="base-problem">
              {baseProblem}
            </div>
          )}
          <button className="primary" onClick={addProvider}>
            Add
          </button>
        </section>
      )}
      <KeptAside />
      <ForYourProvider />
      <PageAccess />
      <TerminalAccess />
      <h2>Import and export</h2>
      <p>Exports never hold secrets or tokens. An import with any problem changes nothing.</p>
      <button onClick={() => void exportAll()}>Export profiles</button>
      <ImportProfiles />
      {exported && <textarea readOnly rows={8} value={exported} aria-label="Exported profiles" />}
    </main>
  );
}

mount(<Options />);
