import browser from 'webextension-polyfill';
import { isFirefox } from './engine';
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
  async notify(id, title, message, button) {
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title,
      message,
      // Firefox draws no buttons: a click on the notification does the same.
      ...(button !== undefined && !isFirefox() && { buttons: [{ title: button }] }),
    });
  },
};

/** A click on a notification, or on its button: the notification's id. */
export function onNotificationAction(listener: (id: string) => void): void {
  browser.notifications.onClicked.addListener(listener);
  browser.notifications.onButtonClicked.addListener((id) => listener(id));
}
