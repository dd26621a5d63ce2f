import { describe, expect, it } from 'vitest';
import chromium from '../../manifest.json' with { type: 'json' };
import { firefoxManifest, GECKO_ID } from './firefox-manifest';

describe('firefoxManifest', () => {
  const firefox = firefoxManifest(chromium);

  it('runs the background as event-page scripts, as Firefox MV3 does', () => {
    expect(firefox['background']).toEqual({
      scripts: ['src/background/service-worker.ts'],
      type: 'module',
    });
  });

  it('fixes the add-on id (and so the sign-in redirect) and declares no data collection', () => {
    expect(firefox['browser_specific_settings']).toMatchObject({
      gecko: { id: GECKO_ID, data_collection_permissions: { required: ['none'] } },
    });
  });

  it('leaves out what only Chromium reads, and keeps everything else as it is', () => {
    for (const field of ['key', 'minimum_chrome_version', 'externally_connectable'])
      expect(firefox).not.toHaveProperty(field);
    expect(firefox['permissions']).toEqual(chromium.permissions);
    expect(firefox['host_permissions']).toEqual(chromium.host_permissions);
    expect(firefox['optional_host_permissions']).toEqual(chromium.optional_host_permissions);
    expect(firefox['action']).toEqual(chromium.action);
    expect(firefox['options_ui']).toEqual(chromium.options_ui);
  });

  it('refuses a manifest without a background service worker', () => {
    expect(() => firefoxManifest({ ...chromium, background: {} })).toThrow(
      'background.service_worker is missing',
    );
  });
});
