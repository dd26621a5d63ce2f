import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ask } from '../browser/messages';
import { onStorageChange } from '../browser/storage';
import { createProfile, presetLabel } from '../core/presets';
import { PRESET_IDS, type PresetId } from '../core/profile';
import type { EditableProfile, ProviderView } from '../shared/protocol';
import { Editor } from './editor';
import { ImportProfiles } from './import-preview';
import { ForYourProvider } from './for-provider';
import { PageAccess } from './page-access';

function download(text: string) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = 'token-keeper-profiles.json';
  link.click();
  URL.revokeObjectURL(link.href);
}

function Options() {
  const [providers, setProviders] = useState<readonly ProviderView[]>([]);
  const [editing, setEditing] = useState<
    { editable: EditableProfile; isNew: boolean } | undefined
  >();
  const [preset, setPreset] = useState<PresetId>('oidc');
  const [base, setBase] = useState('');
  const [message, setMessage] = useState('');
  const [exported, setExported] = useState('');

  const reload = () =>
    void ask({ type: 'status' }).then((r) => r.ok && setProviders(r.value.providers));
  useEffect(() => {
    reload();
    return onStorageChange(reload);
  }, []);

  const add = () => {
    const id = `${preset}-${Date.now().toString(36)}`;
    const profile = createProfile(preset, {
      id,
      ...(base.trim() !== '' && { base: base.trim().replace(/\/$/, '') }),
    });
    setEditing({
      editable: {
        profile,
        secretsSet: { clientSecret: false, apiKey: false, privateKeyJwk: false },
      },
      isNew: true,
    });
  };
  const edit = async (id: string) => {
    const reply = await ask({ type: 'getProfile', providerId: id });
    if (reply.ok) setEditing({ editable: reply.value, isNew: false });
  };
  const remove = async (id: string) => {
    const reply = await ask({ type: 'deleteProfile', providerId: id });
    setMessage(reply.ok ? `Deleted ${id}` : reply.error.message);
  };
  const exportAll = async () => {
    const reply = await ask({ type: 'exportProfiles' });
    if (!reply.ok) return setMessage(reply.error.message);
    setExported(reply.value.text);
    download(reply.value.text);
  };
  return (
    <main>
      <h1>Token Keeper options</h1>
      <p role="status">{message}</p>
      <h2>Providers</h2>
      {providers.length === 0 ? (
        <p>No providers yet: add one below.</p>
      ) : (
        <table aria-label="Providers">
          <tbody>
            {providers.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{presetLabel(p.preset)}</td>
                <td>{p.status}</td>
                <td>
                  <button onClick={() => void edit(p.id)} aria-label={`Edit ${p.name}`}>
                    Edit
                  </button>
                  <button onClick={() => void remove(p.id)} aria-label={`Delete ${p.name}`}>
                    Delete
                  </button>
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
          onDone={(text) => {
            setEditing(undefined);
            setMessage(text);
          }}
        />
      ) : (
        <section aria-label="Add a provider">
          <h2>Add a provider</h2>
          <label>
            <span>Preset</span>
            <select value={preset} onChange={(e) => setPreset(e.target.value as PresetId)}>
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
            />
          </label>
          <button onClick={add}>Add</button>
        </section>
      )}
      <ForYourProvider />
      <PageAccess />
      <h2>Import and export</h2>
      <p>Exports never hold secrets or tokens. An import with any problem changes nothing.</p>
      <button onClick={() => void exportAll()}>Export profiles</button>
      <ImportProfiles onDone={setMessage} />
      {exported && <textarea readOnly rows={8} value={exported} aria-label="Exported profiles" />}
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Options />
    </StrictMode>,
  );
}
