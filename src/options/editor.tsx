import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { FieldError } from '../core/failure';
import type { EditableProfile, TestRefreshReport } from '../shared/protocol';
import { effectiveLeadMs } from '../core/refresh-plan';
import { CLIENT_AUTH_METHODS, type ClientAuthMethod } from '../core/profile/types';
import { ADVANCED_KEYS, advancedOf, fieldsOf, profileOf } from './form';
import {
  closeEditor,
  discoverEndpoints,
  editorProblems,
  saveEdited,
  say,
  testRefresh,
  useOptions,
} from './state';
import { fieldPath, fieldText, readShape, withFieldText, type ShapeFieldName } from './shape';

/**
 * The problems for one field, said where the field is, in its words ("Client id is required");
 * `id` ties them to its input. Under Advanced, where the JSON is, each says its JSON path.
 */
function FieldErrors(props: { errors: readonly FieldError[]; id?: string; label?: string }) {
  const { errors, id, label } = props;
  if (errors.length === 0) return null;
  return (
    <div id={id}>
      {errors.map((e) => (
        <div className="field-error" role="alert" key={e.path + e.message}>
          {label === undefined
            ? `${e.path}: ${e.message}`
            : // The parser says what a field "is" or "must" be; a sentence (a discovery's) stands alone.
              /^[a-z]/.test(e.message)
              ? `${label} ${e.message}`
              : e.message}
        </div>
      ))}
    </div>
  );
}

/** Whether `path` is `prefix` or inside it. */
const within = (path: string, prefix: string) =>
  path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/**
 * A labelled field with its problems under it, tied to it for screen readers. `hint` says more
 * of what it takes; `mark` sits beside the label (an endpoint's verified mark).
 */
function Field(props: {
  label: string;
  errors?: readonly FieldError[] | undefined;
  hint?: ReactNode;
  mark?: ReactNode;
  children: (attributes: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const id = useId();
  const errors = props.errors ?? [];
  const described = [errors.length > 0 && `${id}-errors`, props.hint && `${id}-hint`]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label} {props.mark}
      </label>
      {props.children({
        id,
        'aria-invalid': errors.length > 0,
        'aria-describedby': described || undefined,
      })}
      {props.hint && (
        <div className="hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      )}
      <FieldErrors errors={errors} id={`${id}-errors`} label={props.label} />
    </div>
  );
}

/** A labelled text input. */
/** The lead is capped at a quarter of a token's lifetime: say what it comes to, where it binds. */
function leadHint(lead: string, lifetime: string): string {
  const capped = effectiveLeadMs(Number(lead) * 1000, Number(lifetime) * 1000) / 1000;
  return Number.isFinite(capped) && capped < Number(lead)
    ? `At most a quarter of a token's lifetime: a ${lifetime} s token is refreshed ${capped} s before it expires.`
    : "At most a quarter of each token's lifetime.";
}

function Text(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  placeholder?: string;
  readOnly?: boolean;
  disabled?: boolean;
  errors?: readonly FieldError[];
  hint?: ReactNode;
  mark?: ReactNode;
}) {
  return (
    <Field label={props.label} errors={props.errors} hint={props.hint} mark={props.mark}>
      {(attributes) => (
        <input
          {...attributes}
          type={props.type ?? 'text'}
          value={props.value}
          placeholder={props.placeholder}
          readOnly={props.readOnly}
          disabled={props.disabled}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A labelled text area, one entry per line. */
function Lines(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  disabled?: boolean;
  errors?: readonly FieldError[];
  hint?: ReactNode;
}) {
  return (
    <Field label={props.label} errors={props.errors} hint={props.hint}>
      {(attributes) => (
        <textarea
          {...attributes}
          rows={2}
          value={props.value}
          placeholder={props.placeholder}
          disabled={props.disabled}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** A secret's input: it never shows the stored value, only whether one is set. */
const Secret = (props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  isSet: boolean;
  errors: readonly FieldError[];
}) => (
  <Text
    label={props.label}
    value={props.value}
    onChange={props.onChange}
    type="password"
    placeholder={keepHint(props.isSet)}
    errors={props.errors}
  />
);

/** What an empty secret field says when a value is stored. */
const keepHint = (isSet: boolean) => (isSet ? 'set; leave empty to keep' : '');

/** Headers as a table: name, value (masked by the worker). */
const Headers = ({
  headers,
  label,
}: {
  headers: Readonly<Record<string, string>>;
  label: string;
}) => (
  <table className="headers" aria-label={label}>
    <tbody>
      {Object.entries(headers).map(([k, v]) => (
        <tr key={k}>
          <th scope="row">{k}</th>
          <td>{v}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/**
 * Test refresh's exchange laid out as a request inspector: method and URL, headers, body; then
 * the status, how long the answer took, headers and body. The worker masked every secret and
 * token before it sent the report here.
 */
function Inspector({ report }: { report: TestRefreshReport }) {
  const { request, response, outcome } = report;
  return (
    <section aria-label="Test refresh result" className="inspector">
      <h3>Request</h3>
      <div data-testid="test-request">
        <p className="request-line">
          <span className="method">{request.method}</span> <code>{request.url}</code>
        </p>
        <Headers headers={request.headers} label="Request headers" />
        {request.body !== undefined && <pre>{request.body}</pre>}
      </div>
      <h3>Response</h3>
      {response ? (
        <div data-testid="test-response">
          <p className="request-line">
            <span className={response.status < 400 ? 'code ok' : 'code failed'}>
              {response.status}
            </span>{' '}
            <span className="muted">in {Math.round(response.ms)} ms</span>
          </p>
          <Headers headers={response.headers} label="Response headers" />
          <pre>{response.body}</pre>
        </div>
      ) : (
        <p data-testid="test-response">No response</p>
      )}
      <p className={outcome.ok ? 'outcome ok' : 'outcome failed'}>
        {outcome.ok ? 'Refreshed.' : `Failed: ${outcome.error.message}`}
      </p>
    </section>
  );
}

/**
 * Edits one profile: the common fields as inputs, the dialect's shape as JSON. Stored secrets are
 * never shown: a secret field left empty keeps what is stored.
 */
export function Editor({
  editable,
  isNew,
  managed,
}: {
  editable: EditableProfile;
  isNew: boolean;
  /** Set by the organization's policy: only the secrets are the user's to change. */
  managed: boolean;
}) {
  const { profile, secretsSet } = editable;
  const [opened] = useState(() => fieldsOf(profile));
  const [name, setName] = useState(opened.name);
  const [id, setId] = useState(opened.id);
  const [clientId, setClientId] = useState(opened.clientId);
  const [scope, setScope] = useState(opened.scope);
  const [issuer, setIssuer] = useState(opened.issuer);
  const [clientSecret, setClientSecret] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [revokeUrl, setRevokeUrl] = useState(opened.revokeUrl);
  const [discovered, setDiscovered] = useState(false);
  const [discoveryFailed, setDiscoveryFailed] = useState(false);
  const [confirmGuess, setConfirmGuess] = useState(false);
  const [auth, setAuth] = useState<ClientAuthMethod | ''>(opened.auth);
  const [forgetOnClose, setForgetOnClose] = useState(opened.forgetOnClose);
  // Closed at first; opened when a problem is in it (the user may close it again).
  const advancedView = useRef<HTMLDetailsElement>(null);
  const [advanced, setAdvanced] = useState(opened.advanced);
  const errors = useOptions((s) => s.editorErrors);
  const report = useOptions((s) => s.testReport);

  const build = (): Record<string, unknown> | undefined => {
    const fields = {
      id,
      name,
      clientId,
      scope,
      issuer,
      auth,
      forgetOnClose,
      revokeUrl,
      clientSecret,
      apiKey,
      privateKey,
      advanced,
    };
    const built = profileOf(fields, profile, discovered);
    if (built.ok) return built.value;
    editorProblems(built.problems);
    return undefined;
  };

  const save = () => {
    // Endpoints still a guess after a Discover that failed: the user says so first.
    if (guessed && discoveryFailed && !confirmGuess) return setConfirmGuess(true);
    setConfirmGuess(false);
    const input = build();
    const renamed = !isNew && id !== profile.id ? profile.id : undefined;
    if (input !== undefined) void saveEdited(input, name, renamed);
  };

  const discover = async () => {
    const input = build();
    const found = input && (await discoverEndpoints(input));
    setDiscoveryFailed(!found);
    if (!found) return;
    setDiscovered(true);
    setIssuer(found.client.issuer ?? '');
    setScope(found.client.scope ?? '');
    setAuth(found.client.auth ?? '');
    if (found.revoke) setRevokeUrl(found.revoke.url);
    setAdvanced(advancedOf(found));
  };

  const shape = readShape(advanced);
  const guessed = profile.unverified === true && !discovered;
  const mark = (
    <span className={guessed ? 'mark unverified' : 'mark verified'}>
      {guessed ? 'unverified' : 'verified'}
    </span>
  );
  const noShape = shape ? undefined : 'Fix the JSON under Advanced first.';
  // The API key and the private key show where the profile can use them (or one is stored); a
  // custom profile may use anything.
  const custom = profile.preset === 'custom';
  const usesApiKey =
    custom || secretsSet.apiKey || apiKey !== '' || /"from"\s*:\s*"apiKey"/.test(advanced);
  const usesPrivateKey =
    custom ||
    secretsSet.privateKeyJwk ||
    privateKey !== '' ||
    auth === 'private_key_jwt' ||
    profile.signIn.kind === 'client_credentials';

  // Each problem is said once, at the first field it belongs to; the rest under Advanced (the
  // profile's JSON) or above the buttons (saving, permissions, Test refresh).
  const owners: readonly (readonly [string, readonly string[]])[] = [
    ['id', ['id']],
    ['name', ['name']],
    ['issuer', ['client.issuer']],
    ['signInUrl', shape ? [fieldPath(shape, 'signInUrl')] : []],
    ['tokenUrl', ['refresh.url']],
    ['revoke', ['revoke']],
    ['clientId', ['client.clientId']],
    ['auth', ['client.auth']],
    ['scope', ['client.scope']],
    ['clientSecret', ['secrets.clientSecret']],
    ['apiKey', ['secrets.apiKey']],
    ['privateKey', ['secrets.privateKeyJwk']],
    ['authorizeParams', ['signIn.authorizeParams']],
    ['silent', ['signIn.silent']],
    ['accessSeconds', ['expiry.defaultAccessSeconds']],
    ['refreshSeconds', ['expiry.defaultRefreshSeconds']],
    ['leadSeconds', ['expiry.leadSeconds']],
    ['warnSeconds', ['expiry.warnSeconds']],
    ['inject', ['inject']],
    ['advanced', [...ADVANCED_KEYS, 'advanced']],
  ];
  const placed = new Map<string, FieldError[]>();
  for (const error of errors) {
    const owner = owners.find(([, paths]) => paths.some((p) => within(error.path, p)))?.[0];
    const key = owner ?? 'other';
    placed.set(key, [...(placed.get(key) ?? []), error]);
  }
  const at = (owner: string) => placed.get(owner) ?? [];
  /** A field over the JSON: its text there, how it writes it back, its problems. */
  const over = (field: ShapeFieldName) => ({
    value: shape ? fieldText(shape, field) : '',
    onChange: (value: string) => {
      if (shape) setAdvanced(withFieldText(shape, field, value));
    },
    disabled: !shape,
    errors: at(field),
  });
  const advancedProblems = at('advanced').length;
  useEffect(() => {
    if (advancedProblems > 0 && advancedView.current) advancedView.current.open = true;
  }, [advancedProblems, errors]);

  return (
    <section aria-label="Edit provider" className="editor">
      <h2>{isNew ? 'New provider' : `Edit ${profile.name}`}</h2>
      {managed && (
        <p role="note" className="note" data-testid="managed">
          Set by your organization: its settings are read-only here; its secrets (if its client
          needs one) are yours to enter. Save also asks the browser for its hosts, once.
        </p>
      )}
      <fieldset disabled={managed}>
        <legend>Provider</legend>
        <Text
          label="Id"
          value={id}
          onChange={setId}
          errors={at('id')}
          hint={
            <>
              Pages ask for this provider’s token by its id: <code>getToken('{id}')</code>{' '}
              <button
                type="button"
                className="quiet"
                onClick={() =>
                  void navigator.clipboard.writeText(id).then(
                    () => say(`Copied the id ${id}`),
                    (error: unknown) =>
                      say(`Copy: the browser refused the clipboard (${String(error)})`),
                  )
                }
              >
                Copy id
              </button>
              {!isNew &&
                ' Changing it keeps the pages you allowed; it changes while the provider is not signed in (its tokens are stored under it).'}
            </>
          }
        />
        <Text label="Name" value={name} onChange={setName} errors={at('name')} />
      </fieldset>
      <fieldset disabled={managed}>
        <legend>Server</legend>
        <Text label="Issuer" value={issuer} onChange={setIssuer} type="url" errors={at('issuer')} />
        {guessed && (
          <p role="note" className="note" data-testid="unverified">
            The endpoints are a guess from the issuer URL, not yet checked: Discover endpoints, or
            they count as right after the first successful sign-in.
          </p>
        )}
        <Text
          label="Sign-in endpoint"
          mark={mark}
          {...over('signInUrl')}
          type="url"
          hint={noShape}
        />
        <Text
          label="Token endpoint"
          mark={mark}
          {...over('tokenUrl')}
          type="url"
          placeholder="none: this provider cannot refresh"
        />
        <Text
          label="Revocation endpoint"
          value={revokeUrl}
          onChange={setRevokeUrl}
          type="url"
          placeholder="none: Disconnect cannot revoke at the provider"
          errors={at('revoke')}
        />
      </fieldset>
      <fieldset>
        <legend>Client</legend>
        <Text label="Client id" value={clientId} onChange={setClientId} errors={at('clientId')} />
        <Field label="Client authentication" errors={at('auth')}>
          {(attributes) => (
            <select
              {...attributes}
              value={auth}
              onChange={(e) => setAuth(e.target.value as ClientAuthMethod | '')}
            >
              <option value="">none here (the requests under Advanced carry what is needed)</option>
              {CLIENT_AUTH_METHODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Secret
          label="Client secret"
          value={clientSecret}
          onChange={setClientSecret}
          isSet={secretsSet.clientSecret}
          errors={at('clientSecret')}
        />
        {usesApiKey && (
          <Secret
            label="API key"
            value={apiKey}
            onChange={setApiKey}
            isSet={secretsSet.apiKey}
            errors={at('apiKey')}
          />
        )}
        {usesPrivateKey && (
          <Field label="Private key (JWK)" errors={at('privateKey')}>
            {(attributes) => (
              <textarea
                {...attributes}
                rows={2}
                value={privateKey}
                placeholder={keepHint(secretsSet.privateKeyJwk)}
                onChange={(e) => setPrivateKey(e.target.value)}
              />
            )}
          </Field>
        )}
        <Text label="Scope" value={scope} onChange={setScope} errors={at('scope')} />
        {shape && fieldPath(shape, 'signInUrl') === 'signIn.authorizeUrl' && (
          <Lines
            label="Extra sign-in parameters"
            {...over('authorizeParams')}
            placeholder="name=value, one per line (audience=…, prompt=consent)"
          />
        )}
        {shape && fieldPath(shape, 'signInUrl') === 'signIn.authorizeUrl' && (
          <Field label="Sign in again without a window" errors={at('silent')}>
            {(attributes) => (
              <select
                {...attributes}
                value={over('silent').value}
                disabled={!shape}
                onChange={(e) => over('silent').onChange(e.target.value)}
              >
                <option value="">
                  {scope.split(' ').includes('openid')
                    ? 'yes (OpenID Connect: the default)'
                    : 'no (not OpenID Connect: the default)'}
                </option>
                <option value="true">
                  yes: when a refresh cannot be made, while the provider’s session lives
                  (prompt=none)
                </option>
                <option value="false">no: ask me to sign in</option>
              </select>
            )}
          </Field>
        )}
      </fieldset>
      <fieldset>
        <legend>Tokens</legend>
        <div className="row-of-fields">
          <Text label="Access lifetime if unsaid (s)" type="number" {...over('accessSeconds')} />
          <Text
            label="Refresh lifetime if unsaid (s)"
            type="number"
            {...over('refreshSeconds')}
            placeholder="unknown"
          />
          <Text
            label="Refresh this long before expiry (s)"
            type="number"
            {...over('leadSeconds')}
            hint={leadHint(over('leadSeconds').value, over('accessSeconds').value)}
          />
          <Text
            label="Say the sign-in ends this long before (s)"
            type="number"
            {...over('warnSeconds')}
            placeholder="a tenth of its lifetime"
          />
        </div>
        <Lines
          label="Add the bearer header to requests to"
          {...over('inject')}
          placeholder="URL prefixes, one per line: https://api.example.com/"
        />
        <label className="check">
          <input
            type="checkbox"
            checked={forgetOnClose}
            onChange={(e) => setForgetOnClose(e.target.checked)}
          />{' '}
          Forget the tokens when the browser closes
        </label>
      </fieldset>
      <details ref={advancedView}>
        <summary>Advanced: requests and responses (JSON)</summary>
        <p className="hint">
          The dialect as data: every request, how answers and errors read. The fields above are kept
          in it.
        </p>
        <textarea
          rows={18}
          value={advanced}
          onChange={(e) => setAdvanced(e.target.value)}
          aria-label="Requests and responses (JSON)"
          aria-invalid={!shape}
        />
        <FieldErrors errors={at('advanced')} />
      </details>
      <FieldErrors errors={at('other')} />
      {confirmGuess && (
        <div role="alertdialog" aria-label="Save unverified endpoints?" className="confirm">
          <p>
            Discover failed, so the sign-in and token endpoints are still the preset’s guess (marked
            unverified above). Sign-in will fail if they are wrong. Save them anyway?
          </p>
          <button className="danger" onClick={save}>
            Save anyway
          </button>
          <button autoFocus onClick={() => setConfirmGuess(false)}>
            Cancel
          </button>
        </div>
      )}
      <div className="buttons">
        <button className="primary" onClick={save}>
          Save
        </button>
        {profile.preset === 'oidc' && (
          <button onClick={() => void discover()}>Discover endpoints</button>
        )}
        {!isNew && <button onClick={() => void testRefresh(profile.id)}>Test refresh</button>}
        {isNew && (
          <span className="hint">
            Test refresh sends a real refresh: save and connect first, then Edit shows it.
          </span>
        )}
        <button className="quiet" onClick={() => closeEditor('')}>
          Cancel
        </button>
      </div>
      {report && <Inspector report={report} />}
    </section>
  );
}
