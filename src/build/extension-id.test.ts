import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { buildIdentity, idOfKey } from './extension-id';

const DEV_ID = 'enbedhajkpaoejmndjfijpeobcbaoepl';

describe('the extension id, a build input', () => {
  it('is the development key’s id by default, as Chromium computes it', () => {
    expect(idOfKey(manifest.key)).toBe(DEV_ID);
    expect(buildIdentity({}, manifest.key)).toEqual({ key: manifest.key, extensionId: DEV_ID });
  });

  it('reads another key from a PEM file, and follows it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'key-'));
    const { publicKey } = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    );
    const der = Buffer.from(await crypto.subtle.exportKey('spki', publicKey)).toString('base64');
    const pem = `-----BEGIN PUBLIC KEY-----\n${der.replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----\n`;
    await writeFile(join(dir, 'store.pem'), pem);
    const identity = buildIdentity({ TOKEN_KEEPER_KEY: join(dir, 'store.pem') }, manifest.key);
    expect(identity.key).toBe(der);
    expect(identity.extensionId).toMatch(/^[a-p]{32}$/);
    expect(identity.extensionId).not.toBe(DEV_ID);
  });

  it('builds without a key, its id unknown until the store names it', () => {
    expect(buildIdentity({ TOKEN_KEEPER_KEY: 'none' }, manifest.key)).toEqual({});
    const store = 'abcdefghijklmnopabcdefghijklmnop';
    expect(
      buildIdentity({ TOKEN_KEEPER_KEY: 'none', TOKEN_KEEPER_EXTENSION_ID: store }, manifest.key),
    ).toEqual({ extensionId: store });
  });

  it('refuses an id that is not one, or not the key’s', () => {
    expect(() => buildIdentity({ TOKEN_KEEPER_EXTENSION_ID: 'x' }, manifest.key)).toThrow(
      /must be an extension id/,
    );
    expect(() =>
      buildIdentity({ TOKEN_KEEPER_EXTENSION_ID: 'a'.repeat(32) }, manifest.key),
    ).toThrow(/is not the id of the key the build uses/);
  });
});
