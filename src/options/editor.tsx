import { useState } from 'react';
import type { FieldError } from '../core/failure';
import type { EditableProfile } from '../shared/protocol';
import { standardRevoke } from '../core/discovery';
import { CLIENT_AUTH_METHODS, type ClientAuthMethod, type Endpoint } from '../core/profile/types';
import {
  closeEditor,
  discoverEndpoints,
  editorProblems,
  saveEdited,
  testRefresh,
  useOptions,
} from './store';

const ADVANCED_KEYS = [
  'signIn',
  'refresh',
  'revoke',
  'response',
  'errors',
  'expiry',
  'inject',
  'injectFrom',
] as const;

/** A request or response as text: its first line, its headers, then its body. */
const httpText = (head: string, headers: Readonly<Record<string, string>>, body?: string) =>
  [head, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\n') +
  (body === undefined ? '' : `\n\n${body}`);

function FieldErrors({ errors, prefix }: { errors: readonly FieldError[]; prefix: string }) {
  const mine = errors.filter(
    (e) => e.path === prefix || e.path.startsWith(`${prefix}.`) || e.path.startsWith(`${prefix}[`),
  );
  return (
    <>
      {mine.map((e) => (
        <div className="field-error" role="alert" key={e.path + e.message}>
          {e.path}: {e.message}
        </div>
      ))}
    </>
  );
}

/** A labelled input, with the problems of the field at `errorsAt` under it. */
function Text(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  placeholder?: string;
  readOnly?: boolean;
  errors?: readonly FieldError[];
  errorsAt?: string;
}) {
  return (
    <>
      <label>
        <span>{props.label}</span>
        <input
          type={props.type ?? 'text'}
          value={props.value}
          placeholder={props.placeholder}
          readOnly={props.readOnly}
          onChange={(e) => props.onChange(e.target.value)}
        />
      </label>
      {props.errorsAt !== undefined && (
        <FieldErrors errors={props.errors ?? []} prefix={props.errorsAt} />
      )}
    </>
  );
}

/** A secret's input: it never shows the stored value, only whether one is set. */
const Secret = (props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  isSet: boolean;
}) => (
  <Text
    label={props.label}
    value={props.value}
    onChange={props.onChange}
    type="password"
    placeholder={keepHint(props.isSet)}
  />
);

/** What an empty secret field says when a value is stored. */
const keepHint = (isSet: boolean) => (isSet ? 'set; leave empty to keep' : '');

/**
 * Edits one profile: the common fields as inputs, the dialect's shape as JSON. Stored secrets are
 * never shown: a secret field left empty keeps what is stored.
 */
export function Editor({ editable, isNew }: { editable: EditableProfile; isNew: boolean }) {
  const { profile, secretsSet } = editable;
  const [name, setName] = useState(profile.name);
  const [id, setId] = useState(profile.id);
  const [clientId, setClientId] = useState(profile.client.clientId ?? '');
  const [scope, setScope] = useState(profile.client.scope ?? '');
  const [issuer, setIssuer] = useState(profile.client.issuer ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [revokeUrl, setRevokeUrl] = useState(profile.revoke?.url ?? '');
  const [discovered, setDiscovered] = useState(false);
  const [auth, setAuth] = useState<ClientAuthMethod | ''>(profile.client.auth ?? '');
  const [forgetOnClose, setForgetOnClose] = useState(profile.forgetOnClose === true);
  const [advanced, setAdvanced] = useState(() =>
    JSON.stringify(
      Object.fromEntries(
        ADVANCED_KEYS.filter((k) => profile[k] !== undefined).map((k) => [k, profile[k]]),
      ),
      null,
      2,
    ),
  );
  const errors = useOptions((s) => s.editorErrors);
  const report = useOptions((s) => s.testReport);

  const build = (): Record<string, unknown> | undefined => {
    let shape: unknown;
    try {
      shape = JSON.parse(advanced);
    } catch {
      editorProblems([{ path: 'advanced', message: 'is not valid JSON' }]);
      return undefined;
    }
    let jwk: unknown;
    if (privateKey.trim() !== '') {
      try {
        jwk = JSON.parse(privateKey);
      } catch {
        editorProblems([{ path: 'secrets.privateKeyJwk', message: 'is not a JSON Web Key' }]);
        return undefined;
      }
    }
    const client = {
      ...(clientId && { clientId }),
      ...(scope && { scope }),
      ...(issuer && { issuer }),
      ...(auth && { auth }),
    };
    const secrets = {
      ...(clientSecret && { clientSecret }),
      ...(apiKey && { apiKey }),
      ...(jwk !== undefined && { privateKeyJwk: jwk }),
    };
    // The revocation field wins over the JSON: an RFC 7009 revocation unless the JSON shapes it.
    const { revoke, ...rest } = shape as { revoke?: Endpoint };
    return {
      ...rest,
      ...(revokeUrl.trim() !== '' && {
        revoke: revoke ? { ...revoke, url: revokeUrl.trim() } : standardRevoke(revokeUrl.trim()),
      }),
      id,
      name,
      preset: profile.preset,
      client,
      secrets,
      ...(forgetOnClose && { forgetOnClose }),
      // Still a guess unless Discover proved the endpoints.
      ...(profile.unverified && !discovered && { unverified: true }),
    };
  };

  const save = () => {
    const input = build();
    if (input !== undefined) void saveEdited(input, name);
  };

  const discover = async () => {
    const input = build();
    const found = input && (await discoverEndpoints(input));
    if (!found) return;
    setDiscovered(true);
    setIssuer(found.client.issuer ?? '');
    setScope(found.client.scope ?? '');
    setAuth(found.client.auth ?? '');
    if (found.revoke) setRevokeUrl(found.revoke.url);
    setAdvanced(
      JSON.stringify(
        Object.fromEntries(
          ADVANCED_KEYS.filter((k) => found[k] !== undefined).map((k) => [k, found[k]]),
        ),
        null,
        2,
      ),
    );
  };

  return (
    <section aria-label="Edit provider">
      <h2>{isNew ? 'New provider' : `Edit ${profile.name}`}</h2>
      <Text
        label="Id"
        value={id}
        onChange={setId}
        readOnly={!isNew}
        errors={errors}
        errorsAt="id"
      />
      <Text label="Name" value={name} onChange={setName} errors={errors} errorsAt="name" />
      <Text
        label="Client id"
        value={clientId}
        onChange={setClientId}
        errors={errors}
        errorsAt="client.clientId"
      />
      <Text label="Scope" value={scope} onChange={setScope} />
      <Text
        label="Issuer"
        value={issuer}
        onChange={setIssuer}
        type="url"
        errors={errors}
        errorsAt="client.issuer"
      />
      {profile.unverified && !discovered && (
        <p role="note" data-testid="unverified">
          The endpoints are a guess from the issuer URL, not yet checked: Discover endpoints, or
          they count as right after the first successful sign-in.
        </p>
      )}
      <label>
        <span>Client authentication</span>
        <select value={auth} onChange={(e) => setAuth(e.target.value as ClientAuthMethod | '')}>
          <option value="">as the request parameters say</option>
          {CLIENT_AUTH_METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <FieldErrors errors={errors} prefix="client.auth" />
      <Text
        label="Revocation endpoint"
        value={revokeUrl}
        onChange={setRevokeUrl}
        type="url"
        placeholder="none: Disconnect cannot revoke at the provider"
        errors={errors}
        errorsAt="revoke"
      />
      <Secret
        label="Client secret"
        value={clientSecret}
        onChange={setClientSecret}
        isSet={secretsSet.clientSecret}
      />
      <Secret label="API key" value={apiKey} onChange={setApiKey} isSet={secretsSet.apiKey} />
      <label>
        <span>Private key (JWK)</span>
        <textarea
          rows={2}
          value={privateKey}
          placeholder={keepHint(secretsSet.privateKeyJwk)}
          onChange={(e) => setPrivateKey(e.target.value)}
        />
      </label>
      <FieldErrors errors={errors} prefix="secrets" />
      <label>
        <input
          type="checkbox"
          checked={forgetOnClose}
          onChange={(e) => setForgetOnClose(e.target.checked)}
        />{' '}
        Forget the tokens when the browser closes
      </label>
      <label>
        <span>Requests and responses (JSON)</span>
        <textarea
          rows={18}
          value={advanced}
          onChange={(e) => setAdvanced(e.target.value)}
          aria-label="Requests and responses (JSON)"
        />
      </label>
      {[...ADVANCED_KEYS, 'advanced', 'profile', 'permissions', 'test'].map((key) => (
        <FieldErrors key={key} errors={errors} prefix={key} />
      ))}
      <button onClick={save}>Save</button>
      {profile.preset === 'oidc' && (
        <button onClick={() => void discover()}>Discover endpoints</button>
      )}
      {!isNew && <button onClick={() => void testRefresh(profile.id)}>Test refresh</button>}
      <button onClick={() => closeEditor('')}>Cancel</button>
      {report && (
        <section aria-label="Test refresh result">
          <h3>Request</h3>
          <pre data-testid="test-request">
            {httpText(
              `${report.request.method} ${report.request.url}`,
              report.request.headers,
              report.request.body,
            )}
          </pre>
          <h3>Response</h3>
          <pre data-testid="test-response">
            {report.response
              ? httpText(
                  String(report.response.status),
                  report.response.headers,
                  report.response.body,
                )
              : 'No response'}
          </pre>
          <p>{report.outcome.ok ? 'Refreshed.' : `Failed: ${report.outcome.error.message}`}</p>
        </section>
      )}
    </section>
  );
}
