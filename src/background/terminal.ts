import { TERMINAL } from '../core/consent';
import { pageError, parsePageRequest } from '../shared/page-protocol';
import type { ProviderView } from '../shared/protocol';
import type { TerminalIdentity, TerminalReply } from '../shared/terminal-protocol';
import type { Deps } from './deps';
import { handOut, type AskUser, type Requester } from './page-requests';
import { currentPolicy } from './policy';
import { statusView } from './status';

/** The terminal: asked like a site, told what to do when it is not allowed. */
const TERMINAL_REQUESTER: Requester = {
  origin: TERMINAL,
  private: false,
  refused: (profile) =>
    `Terminal access to ${profile.name} is off. Allow it in Token Keeper's options (Terminal), ` +
    'or click Allow when Token Keeper asks.',
};

const isStatus = (message: unknown) =>
  typeof message === 'object' && message !== null && 'type' in message && message.type === 'status';

/** One line per identity: state and times, whether the terminal may have its tokens. */
function identities(providers: readonly ProviderView[], allowed: ReadonlySet<string>) {
  return providers.flatMap((p): TerminalIdentity[] => {
    const one = (v: Omit<ProviderView, 'identities'>, active: boolean, named: boolean) => ({
      provider: p.id,
      name: p.name,
      ...(named && v.identityName !== undefined && { identity: v.identityName }),
      active,
      state: v.status,
      ...(v.status !== 'signed-out' && v.expiresAt !== undefined && { expiresAt: v.expiresAt }),
      ...(v.status !== 'signed-out' &&
        v.refreshExpiresAt !== undefined && { refreshExpiresAt: v.refreshExpiresAt }),
      terminal: allowed.has(p.id),
    });
    return p.identities ? p.identities.map((i) => one(i, i.active, true)) : [one(p, true, false)];
  });
}

/**
 * A request from `token-keeper` in a terminal, relayed by the native host: a token, held to a
 * page's rules with the terminal as the requester (consent per provider, the audit, never a
 * refresh token), or the status of every identity, without tokens.
 */
export async function handleTerminal(
  deps: Deps,
  askUser: AskUser,
  message: unknown,
): Promise<TerminalReply> {
  if (!(await currentPolicy(deps)).terminal)
    return pageError('denied', 'Your organization turned terminal access off in Token Keeper.');
  if (isStatus(message)) {
    const { providers } = await statusView(deps);
    const grants = await deps.consent.grants();
    const allowed = new Set(grants.filter((g) => g.origin === TERMINAL).map((g) => g.provider));
    return { ok: true, value: { identities: identities(providers, allowed) } };
  }
  const request = parsePageRequest(message);
  if (!request.ok) return request;
  return handOut(deps, askUser, TERMINAL_REQUESTER, request.value);
}
