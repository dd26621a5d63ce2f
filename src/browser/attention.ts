import browser from 'webextension-polyfill';
import type { Attention } from './ports';

export const attention: Attention = {
  async badge(count) {
    await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
    await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
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
