import { pagePort } from '../browser/page-port';
import { createPopup } from './store';

/** The popup's one store, over the browser. */
export const {
  usePopup,
  say,
  toggle,
  follow,
  connect,
  use,
  rename,
  refresh,
  disconnect,
  copy,
  copyRedirect,
  inspect,
  tester,
} = createPopup(pagePort);
