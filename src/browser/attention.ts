import browser from 'webextension-polyfill';
import type { Attention } from './ports';

/** The count this worker last put on the badge: an unchanged count is not sent again. */
let shown: number | undefined;

export const attention: Attention = {
  async badge(count) {
    if (count === shown) return;
    shown = undefined;
    await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
    await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
    shown = count;
  },
  async notify(id, title, message) {
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title,
      message,
    });
  },
};
