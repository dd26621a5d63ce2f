import browser from 'webextension-polyfill';
import type { Alarms } from './ports';

export const alarms: Alarms = {
  async scheduledAt(name) {
    return (await browser.alarms.get(name))?.scheduledTime;
  },
  async set(name, when, repeatMs) {
    await browser.alarms.create(name, {
      when,
      ...(repeatMs !== undefined && { periodInMinutes: repeatMs / 60_000 }),
    });
  },
  async clear(name) {
    await browser.alarms.clear(name);
  },
};

export function onAlarm(listener: (name: string) => void): void {
  browser.alarms.onAlarm.addListener((alarm) => listener(alarm.name));
}
