import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The extension's id is a build input (docs/architecture.md, "Packages"). Chromium derives an
 * extension's id from its public key: the SHA-256 of the key's DER bytes, its first 16 bytes as
 * 32 hex digits written with the letters a to p. An unpacked extension without a key gets one
 * from its folder's absolute path the same way.
 */
export function idFromBytes(bytes: Uint8Array): string {
  const hex = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  return hex.replace(/[0-9a-f]/g, (digit) => String.fromCharCode(97 + parseInt(digit, 16)));
}

/** The id of a base64 DER public key (the manifest's `key`, the store's "public key"). */
export const idOfKey = (publicKey: string): string =>
  idFromBytes(Buffer.from(publicKey.replace(/\s+/g, ''), 'base64'));

/** The id Chromium gives an unpacked extension that has no key, from its folder's path. */
export const idOfUnpacked = (absolutePath: string): string =>
  idFromBytes(Buffer.from(absolutePath, 'utf8'));

/** What a build signs with and answers to: the manifest's key (if any) and the extension's id. */
export interface BuildIdentity {
  readonly key?: string;
  /** Unknown for a build without a key until the store names it (`TOKEN_KEEPER_EXTENSION_ID`). */
  readonly extensionId?: string;
}

/** A PEM public key's base64 body, or the text itself when it is bare base64. */
const keyText = (text: string) =>
  text.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');

const ID = /^[a-p]{32}$/;

/**
 * The build's identity from the environment: `TOKEN_KEEPER_KEY` unset keeps the development key
 * (`devKey`, manifest.json's); `none` builds without a key (as the Chrome Web Store wants an
 * upload); anything else is the path of a file holding a public key (PEM or base64).
 * `TOKEN_KEEPER_EXTENSION_ID` names the id a keyless build will have (the store's).
 */
export function buildIdentity(
  env: Readonly<Record<string, string | undefined>>,
  devKey: string,
): BuildIdentity {
  const keyInput = env['TOKEN_KEEPER_KEY'];
  const key =
    keyInput === undefined || keyInput === ''
      ? devKey
      : keyInput === 'none'
        ? undefined
        : keyText(readFileSync(keyInput, 'utf8'));
  const named = env['TOKEN_KEEPER_EXTENSION_ID'];
  if (named !== undefined && named !== '' && !ID.test(named))
    throw new Error(
      `TOKEN_KEEPER_EXTENSION_ID must be an extension id (32 letters a to p), not "${named}".`,
    );
  if (named && key !== undefined && named !== idOfKey(key))
    throw new Error(
      `TOKEN_KEEPER_EXTENSION_ID ${named} is not the id of the key the build uses (${idOfKey(key)}).`,
    );
  const extensionId = named || (key === undefined ? undefined : idOfKey(key));
  return {
    ...(key !== undefined && { key }),
    ...(extensionId !== undefined && { extensionId }),
  };
}
