import { STATUS_SNAPSHOT } from '../shared/protocol';
import { ask } from './messages';
import { removeNative, requestNative } from './native';
import { requestHosts } from './permissions';
import type { PagePort } from './ports';
import { watchSessionKey } from './storage';

/** The browser's side of an extension page's store. */
export const pagePort: PagePort = {
  ask,
  watchStatus: (listener) => watchSessionKey(STATUS_SNAPSHOT, listener),
  copyText: (text) => navigator.clipboard.writeText(text),
  requestHosts,
  requestNative,
  removeNative,
};
