import browser from 'webextension-polyfill';
import type { Alarms } from './ports';

/**
 * Each alarm as this worker last set or cleared it, so a schedule that did not change is not sent
 * to the browser again. It lives as long as the worker; a firing alarm forgets its entry, since
 * the browser moves (or removes) an alarm when it fires.
 */
const told = new Map<string, string>();

export const alarms: Alarms = {
  async scheduledAt(name) {
    return (await browser.alarms.get(name))?.scheduledTime;
  },
  async set(name, when, repeatMs) {
    const key = `${when}/${repeatMs ?? ''}`;
    if (told.get(name) === key) return;
    told.delete(name);
    await browser.alarms.create(name, {
      when,
      ...(repeatMs !== undefined && { periodInMinutes: repeatMs / 60_000 }),
    });
    told.set(name, key);
  },
  async clear(name) {
    if (told.get(name) === 'cleared') return;
    told.delete(name);
    await browser.alarms.clear(name);
    told.set(name, 'cleared');
  },
};

export function onAlarm(listener: (name: string) => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    told.delete(alarm.name);
    listener(alarm.name);
  });
}
