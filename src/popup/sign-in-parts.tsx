import { useState, type SyntheticEvent } from 'react';
import type { Failure } from '../core/failure';
import type { ProviderView } from '../shared/protocol';
import { MAX_NAME_LENGTH } from '../core/identity';
import { connect, copyRedirect, rename } from './state';

/** The end of a row's small form: what is wrong, said where it was typed, then its buttons. */
function FormEnd(props: {
  problem: string | undefined;
  problemId: string;
  submit: string;
  onCancel: () => void;
}) {
  return (
    <>
      {props.problem !== undefined && (
        <p role="alert" id={props.problemId} className="reason">
          {props.problem}
        </p>
      )}
      <button type="submit">{props.submit}</button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </>
  );
}

/**
 * A user name and password sign-in, with visible labels. The form stays until the sign-in works:
 * a wrong password keeps the user name typed, says why at the form, and puts the focus back.
 */
export function PasswordForm(props: {
  provider: ProviderView;
  onDone: () => void;
  /** Signs in someone else, beside the identities the provider has. */
  add?: boolean;
}) {
  const { provider, onDone, add = false } = props;
  const { id, name } = provider;
  const [problem, setProblem] = useState<string>();
  const submit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const username = data.get('username');
    const password = data.get('password');
    if (typeof username !== 'string' || typeof password !== 'string') return;
    setProblem(undefined);
    const failed = await connect(provider, { username, password }, add);
    if (failed === undefined) return onDone();
    setProblem(failed.message);
    const field = form.elements.namedItem('password');
    if (field instanceof HTMLInputElement) {
      field.value = '';
      field.focus();
    }
  };
  const problemId = `${id}-${provider.identity ?? ''}-sign-in-problem`;
  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label={add ? `Sign in to ${name} as someone else` : `Sign in to ${name}`}
    >
      <label>
        <span>User name</span>
        <input name="username" autoComplete="username" required autoFocus />
      </label>
      <label>
        <span>Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-describedby={problem === undefined ? undefined : problemId}
        />
      </label>
      <FormEnd problem={problem} problemId={problemId} submit="Sign in" onCancel={onDone} />
    </form>
  );
}

/** After a sign-in page did not open: the provider's own page, and the redirect URL to register. */
export function SignInHelp(props: { name: string; help: NonNullable<Failure['signInHelp']> }) {
  const { help } = props;
  return (
    <div role="group" aria-label={`Help signing in to ${props.name}`} className="menu">
      {help.page !== undefined && (
        <button onClick={() => window.open(help.page, '_blank', 'noopener')}>
          Open the sign-in page in a tab
        </button>
      )}
      <button onClick={() => void copyRedirect(help.redirectUri)}>Copy the redirect URL</button>
    </div>
  );
}

/**
 * "Try the old refresh token" asks first: the provider has probably replaced it, and a spent
 * refresh token sent again is what reuse detection punishes.
 */
export function OldTokenConfirm(props: { name: string; onSend: () => void; onCancel: () => void }) {
  return (
    <div
      role="alertdialog"
      aria-label={`Send ${props.name}’s old refresh token?`}
      className="confirm"
    >
      <p>
        The provider has probably replaced this refresh token already. Sending it again is what
        reuse detection (Keycloak, Auth0, Okta and others) treats as theft: it can end the whole
        sign-in, every token of it. Reconnect is the safe way back.
      </p>
      <button className="danger" onClick={props.onSend}>
        Send it anyway
      </button>
      <button autoFocus onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** Renames an identity in place: the name field says what is wrong with a name, where it is typed. */
export function RenameForm(props: { view: ProviderView; current: string; onDone: () => void }) {
  const { view, current, onDone } = props;
  const [problem, setProblem] = useState<string>();
  const problemId = `${view.id}-${view.identity ?? ''}-rename-problem`;
  const submit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = new FormData(event.currentTarget).get('name');
    if (typeof name !== 'string') return;
    const failed = await rename(view, name);
    if (failed === undefined) onDone();
    else setProblem(failed.message);
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`Rename ${current}`}>
      <label>
        <span>Name</span>
        <input
          name="name"
          defaultValue={current}
          required
          maxLength={MAX_NAME_LENGTH}
          autoFocus
          aria-invalid={problem !== undefined}
          aria-describedby={problem === undefined ? undefined : problemId}
        />
      </label>
      <FormEnd problem={problem} problemId={problemId} submit="Save name" onCancel={onDone} />
    </form>
  );
}
