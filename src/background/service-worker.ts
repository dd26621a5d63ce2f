import { alarms, onAlarm } from '../browser/alarms';
import { attention, onNotificationAction } from '../browser/attention';
import { http } from '../browser/http';
import { identity } from '../browser/identity';
import { syncBridge } from '../browser/bridge';
import { setHeaderRules } from '../browser/header-rules';
import { openConsentWindow } from '../browser/consent-window';
import {
  extension,
  onBrowserStartOrInstall,
  onExternalMessage,
  onFirstInstall,
  onMessage,
  openOptionsPage,
} from '../browser/runtime';
import { native } from '../browser/native';
import { onUnauthorized } from '../browser/web-request';
import {
  localArea,
  managedArea,
  onManagedChange,
  restrictStorageToExtension,
  sessionArea,
} from '../browser/storage';
import type { Locks } from '../browser/ports';
import type { TerminalLinkState } from '../shared/protocol';
import type { Deps } from './deps';
import { onAlarm as handleAlarm, onNotificationAction as handleNotification } from './alarms';
import { refreshDue, repair, type DueRefresh } from './startup';
import { createConsentStore } from './consent-store';
import { createPrompts } from './consent-prompts';
import { route, routeExternal } from './router';
import { welcomeOnce } from './welcome';
import { migrate } from './migrations';
import { applyPolicy } from './policy';
import { apiRejected } from './api-rejected';
import { createStore } from './store';
import { statusView } from './status';
import { snapshotKeeper } from './status-snapshot';
import { handleTerminal } from './terminal';
import { TERMINAL_ALARM, TERMINAL_CHECK_MS, terminalLink } from './terminal-link';

// The popup paints from this snapshot; it is rewritten after every write of the store.
const snapshot = snapshotKeeper(sessionArea, () => statusView(deps));
// Storage is the truth: what the worker remembers only saves reads (docs/architecture.md, "One writer").
const locks: Locks = (name, task) => navigator.locks.request(name, task);
// Chromium answers the first read of the policy only once its policy service has loaded, about
// 2 s after a browser start: it is read once per worker and again when it changes, and nothing
// else waits for it but what the policy decides (a page's or the terminal's request, an export).
let policyRead: Promise<Record<string, unknown>> | undefined;
const managed = () => (policyRead ??= managedArea());
const deps: Deps = {
  store: createStore(localArea, sessionArea, snapshot.changed),
  alarms,
  http,
  identity,
  attention,
  clock: { now: () => Date.now(), random: () => Math.random() },
  locks,
  consent: createConsentStore(localArea, sessionArea, locks),
  managed,
  syncBridge,
  setHeaderRules,
};
const prompts = createPrompts(openConsentWindow, () => crypto.randomUUID());
// The terminal's requests wait for start-up like every other event.
const terminal = terminalLink(
  native,
  (request) => ready.then(() => handleTerminal(deps, prompts.ask, request)),
  Date.now,
);
/** The port to the terminal's host, checked now and every 30 s while the permission is there. */
async function keepTerminal(): Promise<TerminalLinkState> {
  const state = await terminal.ensure();
  if (state.kind === 'off') await alarms.clear(TERMINAL_ALARM);
  else await alarms.set(TERMINAL_ALARM, Date.now() + TERMINAL_CHECK_MS, TERMINAL_CHECK_MS);
  return state;
}
const ctx = { deps, prompts, terminal: { ensure: keepTerminal } };

// Every start, whatever woke the worker: access level, half-done refreshes and alarms are checked
// each time the worker runs, and events wait for that; due refreshes then run on their own.
// Start-up never rejects: a worker whose repair failed still answers (each handler reads storage).
// Stored data is brought to this build's shape first: nothing reads it before.
const ready = restrictStorageToExtension()
  .then(() => migrate(localArea, sessionArea))
  .then(() => repair(deps))
  .catch((): DueRefresh[] => [])
  .finally(snapshot.changed);
const started = ready.then((due) => refreshDue(deps, due));
// The organization's policy is applied once it has been read, without holding up start-up.
const applyNow = () => void ready.then(() => applyPolicy(deps)).then(snapshot.changed);
applyNow();

// Listeners are registered synchronously, before anything awaits, so a waking event is not lost.
onMessage(route(ctx, extension, ready));
onExternalMessage(routeExternal(ctx, ready));
onAlarm((name) => {
  if (name === TERMINAL_ALARM) void keepTerminal();
  else void ready.then(() => handleAlarm(deps, name));
});
native.onPermissionChange(() => void keepTerminal());
// An API refused a token the header rules carried: refreshed once per token.
onUnauthorized((answer) => void ready.then(() => apiRejected(deps, answer)));
// The administrator's policy, changed while the browser runs, applies at once.
onManagedChange(() => {
  policyRead = undefined;
  applyNow();
});
// Every start opens the terminal's port, when the user turned the terminal on.
void keepTerminal();
onNotificationAction((id) => void ready.then(() => handleNotification(deps, id)));
// A browser start or an install wakes the worker even when no alarm or page would.
onBrowserStartOrInstall(() => void started);
// Both browsers tuck a new extension's button away in a menu: the options page, where the first
// provider is added, opens by itself once.
onFirstInstall(() => void welcomeOnce(localArea, Date.now(), openOptionsPage));
