import { ok } from '../core/failure';
import type { KeptAsideView, Reply } from '../shared/protocol';
import type { Deps } from './deps';
import { PROFILE_PREFIX, providerOfKey } from './storage-keys';
import { withEveryIdentity } from './identities';
import type { KeptAside } from './store';

const whatOf = (key: string): KeptAsideView['what'] =>
  key.startsWith(PROFILE_PREFIX) ? 'profile' : key.includes(':') ? 'sign-in' : 'page access';

const view = ({ key, area, reason, fields, keptAt }: KeptAside): KeptAsideView => ({
  key,
  area,
  what: whatOf(key),
  providerId: providerOfKey(key),
  reason,
  ...(fields && { fields }),
  keptAt,
});

/** Every stored value the store could not read, oldest first, without its value. */
export async function listKeptAside(deps: Deps): Promise<Reply<'listKeptAside'>> {
  const kept = await deps.store.keptAside();
  return ok({ kept: kept.sort((a, b) => a.keptAt - b.keptAt).map(view) });
}

/** The user removes a kept-aside value (and, for a profile, the sign-ins no profile reads). */
export async function dropKeptAside(
  deps: Deps,
  key: string,
  area: KeptAside['area'],
): Promise<Reply<'dropKeptAside'>> {
  const id = providerOfKey(key);
  const drop = () => deps.store.dropKeptAside(key, area);
  const profile = id === '' ? undefined : await deps.store.profile(id);
  // A kept-aside profile is read as absent: its identities are not in use, no lock to wait for.
  await (profile ? withEveryIdentity(deps, profile, drop) : drop());
  return listKeptAside(deps);
}
