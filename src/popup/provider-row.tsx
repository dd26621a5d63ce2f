import { memo, useRef, useState } from 'react';
import { INTERRUPTED } from '../core/failure';
import type { Failure } from '../core/failure';
import type { ProviderView } from '../shared/protocol';
import { countdown } from './countdown';
import { STATE_WORDS, displayState } from './display-state';
import { RowClockProvider, useClock, useRowClock } from './clock';
import { OldTokenConfirm, PasswordForm, RenameForm, SignInHelp } from './sign-in-parts';
import { rowKey } from './store';
import {
  connect as connectTo,
  copy,
  disconnect as disconnectFrom,
  refresh as refreshNow,
  toggle,
  use,
} from './state';
import { TokenView } from './token-view';

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/**
 * The parts that follow the row's clock. Each selects what it shows, not the clock itself, so a
 * tick re-renders only those whose text changed (a countdown in minutes once a minute, a state
 * when it crosses into "expiring"), and only in rows that are in view.
 */
function Lifetime(props: { label: string; from: number; until: number; testId: string }) {
  const { label, from, until, testId } = props;
  const text = useClock((now) => countdown(until, now));
  // Whole percent: the bar moves when a person could see it move.
  const left = useClock((now) =>
    Math.round(Math.min(1, Math.max(0, (until - now) / Math.max(1, until - from))) * 100),
  );
  return (
    <span className="lifetime">
      <span className="label">{label}</span>
      <span className={left < 15 ? 'bar low' : 'bar'} aria-hidden="true">
        <span style={{ transform: `scaleX(${left / 100})` }} />
      </span>
      <span className="countdown" data-testid={testId}>
        {text}
      </span>
    </span>
  );
}

function State({ provider }: { provider: ProviderView }) {
  const state = useClock((now) => displayState(provider, now));
  return (
    <span className={`status ${state}`} data-testid="status">
      {STATE_WORDS[state]}
    </span>
  );
}

/** The header rules follow the token: an expired one is not sent (see `syncBrowser`). */
function Injecting({ prefixes, until }: { prefixes: readonly string[]; until: number }) {
  const live = useClock((now) => now < until);
  return (
    <span data-testid="injecting">
      {live
        ? `adds Authorization to ${prefixes.join(', ')}`
        : `token expired: adds no Authorization to ${prefixes.join(', ')} until a new one`}
    </span>
  );
}

/**
 * The refresh token runs out soon and no refresh can extend it: says when, and offers a new
 * sign-in now, while the user is here, rather than when a token is needed.
 */
function Ending(props: { from: number; until: number; name: string; onSignIn: () => void }) {
  const left = useClock((now) => (now >= props.from ? countdown(props.until, now) : ''));
  if (left === '') return null;
  return (
    <div className="ending" data-testid="ending">
      <span>{left === 'expired' ? 'sign-in has ended' : `sign-in ends in ${left}`}</span>
      <button onClick={props.onSignIn} aria-label={`Sign in to ${props.name} again now`}>
        Sign in again now
      </button>
    </div>
  );
}

/** The next try after a failure, counting down; "now" once it is due. */
function Retry({ at }: { at: number }) {
  const when = useClock((now) => (at > now ? `in ${countdown(at, now)}` : 'now'));
  return <span data-testid="retry"> · retrying {when}</span>;
}

/** Whether another identity can sign in beside this provider's: not a client's own sign-in. */
const canAdd = (view: ProviderView) => view.signIn !== 'client_credentials';

/**
 * One sign-in's row: a provider's with one identity (`title` is its name), or one identity's of a
 * provider with several (`active` says whether it is the one in use).
 */
function SignInRow(props: {
  view: ProviderView;
  title: string;
  open: boolean;
  active?: boolean;
  onAdd?: () => void;
}) {
  const { view: provider, title, open, active, onAdd } = props;
  const [askCredentials, setAskCredentials] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [menu, setMenu] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [riskOld, setRiskOld] = useState(false);
  const [help, setHelp] = useState<Failure['signInHelp']>();
  const { name, expiresAt, refreshExpiresAt, lastRefreshAt, error, refreshAt } = provider;
  const connected = provider.status !== 'signed-out';
  const interrupted = provider.status === 'needs-sign-in' && error?.code === INTERRUPTED;

  const connect = () => {
    setHelp(undefined);
    if (provider.signIn === 'password') setAskCredentials(true);
    else void connectTo(provider).then((failed) => setHelp(failed?.signInHelp));
  };
  /** One refresh at a time from this row; the worker joins any that come close together. */
  const refresh = (retryInterrupted: boolean) => {
    setRefreshing(true);
    void refreshNow(provider, retryInterrupted).finally(() => setRefreshing(false));
  };

  const { obtainedAt = expiresAt ?? 0 } = provider;
  const needsSignIn = provider.status === 'needs-sign-in';
  const disconnect = () => void disconnectFrom(provider);

  return (
    <>
      <div className="line">
        <span className="who">
          <span className="name" title={title}>
            {title}
          </span>
          {active === true && (
            <span className="active-mark" data-testid="active">
              active
            </span>
          )}
          <State provider={provider} />
        </span>
        <span className="lifetimes">
          {connected && expiresAt !== undefined && (
            <>
              <Lifetime
                label="access"
                from={obtainedAt}
                until={expiresAt}
                testId="access-countdown"
              />
              {refreshExpiresAt !== undefined && (
                <Lifetime
                  label="refresh"
                  from={obtainedAt}
                  until={refreshExpiresAt}
                  testId="refresh-countdown"
                />
              )}
            </>
          )}
        </span>
        {active === false && (
          <button onClick={() => void use(provider)} aria-label={`Use ${name}`}>
            Use
          </button>
        )}
        {connected && !needsSignIn ? (
          <button
            className="primary"
            onClick={() => void copy(provider, 'token')}
            aria-label={`Copy ${name} token`}
          >
            Copy
          </button>
        ) : (
          <button className="primary" onClick={connect}>
            {connected ? 'Reconnect' : 'Connect'}
          </button>
        )}
        {connected && (
          <button
            className="quiet more"
            onClick={() => setMenu(!menu)}
            aria-expanded={menu}
            aria-label={`More actions for ${name}`}
          >
            <span aria-hidden="true">⋯</span>
          </button>
        )}
      </div>
      {(lastRefreshAt !== undefined || provider.injecting) && (
        <div className="meta">
          {lastRefreshAt !== undefined && (
            <span data-testid="last-refresh">refreshed {time(lastRefreshAt)}</span>
          )}
          {provider.injecting && expiresAt !== undefined && (
            <Injecting prefixes={provider.injecting} until={expiresAt} />
          )}
        </div>
      )}
      {connected &&
        !needsSignIn &&
        provider.endingFrom !== undefined &&
        refreshExpiresAt !== undefined && (
          <Ending
            from={provider.endingFrom}
            until={refreshExpiresAt}
            name={name}
            onSignIn={connect}
          />
        )}
      {error && (provider.status === 'error' || needsSignIn) && (
        <div className="reason" data-testid="reason">
          {error.message}
          {provider.status === 'error' && refreshAt !== undefined && <Retry at={refreshAt} />}
        </div>
      )}
      {menu && connected && (
        <div className="menu" role="group" aria-label={`${name} actions`}>
          {interrupted ? (
            <button onClick={() => setRiskOld(true)} disabled={refreshing || riskOld}>
              Try the old refresh token
            </button>
          ) : (
            <button
              onClick={() => refresh(false)}
              disabled={refreshing || provider.status === 'refreshing'}
            >
              Refresh now
            </button>
          )}
          <button
            onClick={() => void copy(provider, 'header')}
            aria-label={`Copy ${name} Authorization header`}
          >
            Copy header
          </button>
          <button onClick={() => void copy(provider, 'curl')} aria-label={`Copy ${name} as curl`}>
            Copy curl
          </button>
          <button
            onClick={() => toggle(rowKey(provider))}
            aria-expanded={open}
            aria-label={`${name} token details`}
          >
            Details
          </button>
          {!needsSignIn && <button onClick={connect}>Reconnect</button>}
          {onAdd && canAdd(provider) && <button onClick={onAdd}>Sign in as someone else</button>}
          {active !== undefined && (
            <button onClick={() => setRenaming(true)} aria-label={`Rename ${name}`}>
              Rename
            </button>
          )}
          <button className="danger" onClick={disconnect}>
            {active === undefined ? 'Disconnect' : 'Remove identity'}
          </button>
        </div>
      )}
      {renaming && <RenameForm view={provider} current={title} onDone={() => setRenaming(false)} />}
      {help && <SignInHelp name={name} help={help} />}
      {riskOld && interrupted && (
        <OldTokenConfirm
          name={name}
          onSend={() => {
            setRiskOld(false);
            refresh(true);
          }}
          onCancel={() => setRiskOld(false)}
        />
      )}
      {askCredentials && (
        <PasswordForm provider={provider} onDone={() => setAskCredentials(false)} />
      )}
      {open && connected && <TokenView view={provider} version={provider.obtainedAt ?? 0} />}
    </>
  );
}

/** Signs someone else in beside the provider's identities: a form for a password sign-in. */
function useAdd(provider: ProviderView) {
  const [asking, setAsking] = useState(false);
  const add = () => {
    if (provider.signIn === 'password') setAsking(true);
    else void connectTo(provider, undefined, true);
  };
  const form = asking ? (
    <PasswordForm provider={provider} add onDone={() => setAsking(false)} />
  ) : null;
  return { add, form };
}

/**
 * A provider's row. With one identity it is that sign-in's row, as it always was; with several,
 * the provider's name heads a row per identity, the active one marked.
 */
export const ProviderRow = memo(function ProviderRow({
  provider,
  open,
}: {
  provider: ProviderView;
  /** The key of the row whose token view is open (`rowKey`), if any. */
  open: string | undefined;
}) {
  const row = useRef<HTMLLIElement>(null);
  const stillAt = useRowClock(row);
  const { add, form } = useAdd(provider);
  const { id, name, identities } = provider;
  if (!identities) {
    return (
      <li aria-label={name} data-provider={id} ref={row}>
        <RowClockProvider value={stillAt}>
          <SignInRow view={provider} title={name} open={open === rowKey(provider)} onAdd={add} />
          {form}
        </RowClockProvider>
      </li>
    );
  }
  return (
    <li aria-label={name} data-provider={id} ref={row}>
      <RowClockProvider value={stillAt}>
        <div className="line head">
          <span className="who">
            <span className="name" title={name}>
              {name}
            </span>
            <span className="muted">{identities.length} identities</span>
          </span>
          {canAdd(provider) && (
            <button onClick={add} aria-label={`Sign in to ${name} as someone else`}>
              Sign in as someone else
            </button>
          )}
        </div>
        {form}
        <ul className="identities" aria-label={`${name} identities`}>
          {identities.map(({ active, ...identity }) => {
            const view = { ...identity, name: `${name} (${identity.identityName})` };
            return (
              <li
                key={identity.identity}
                aria-label={view.name}
                aria-current={active ? 'true' : undefined}
                data-identity={identity.identityName}
              >
                <SignInRow
                  view={view}
                  title={identity.identityName}
                  open={open === rowKey(view)}
                  active={active}
                />
              </li>
            );
          })}
        </ul>
      </RowClockProvider>
    </li>
  );
});
