/**
 * The Firefox manifest, made from the Chromium one (`manifest.json`) at build time.
 *
 * - Firefox runs MV3 background code as event-page scripts, not a service worker.
 * - The add-on id in `browser_specific_settings.gecko.id` plays the part of Chromium's `key`: it
 *   fixes the sign-in redirect (`https://<sha1 of the id>.extensions.allizom.org/`), so a provider
 *   registers it once.
 * - `key`, `minimum_chrome_version` and `externally_connectable` mean nothing to Firefox (pages
 *   reach the extension through the bridge content script there), nor does `storage` (Firefox
 *   reads an add-on's policy from policies.json with no schema), so they are left out.
 */

export const GECKO_ID = 'token-keeper@token-keeper.dev';
/** ESR 140: the first ESR with `data_collection_permissions`; everything else we use is older. */
export const GECKO_MIN_VERSION = '140.0';

/** Firefox for Android reads `data_collection_permissions` from 142 on. */
export const GECKO_ANDROID_MIN_VERSION = '142.0';

type Manifest = Readonly<Record<string, unknown>>;

const CHROMIUM_ONLY = [
  'key',
  'minimum_chrome_version',
  'externally_connectable',
  'storage',
] as const;

export function firefoxManifest(chromium: Manifest): Record<string, unknown> {
  const manifest = Object.fromEntries(
    Object.entries(chromium).filter(
      ([field]) => !(CHROMIUM_ONLY as readonly string[]).includes(field),
    ),
  );
  const background = chromium['background'] as
    { readonly service_worker?: unknown; readonly type?: unknown } | undefined;
  if (typeof background?.service_worker !== 'string') {
    throw new Error('manifest.json: background.service_worker is missing');
  }
  manifest['background'] = { scripts: [background.service_worker], type: background.type };
  manifest['browser_specific_settings'] = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: GECKO_MIN_VERSION,
      // Tokens stay in the browser; nothing is sent to us or anyone the user did not configure.
      data_collection_permissions: { required: ['none'] },
    },
    gecko_android: { strict_min_version: GECKO_ANDROID_MIN_VERSION },
  };
  return manifest;
}
