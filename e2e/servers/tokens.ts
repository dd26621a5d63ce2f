import { randomBytes, randomUUID } from 'node:crypto';
import {
  SignJWT,
  decodeProtectedHeader,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import type { DialectServer } from './harness';

const keys = new Map<string, Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }>>();
function keyPair(alg: string) {
  let pair = keys.get(alg);
  if (!pair) {
    pair = generateKeyPair(alg);
    keys.set(alg, pair);
  }
  return pair;
}
const signingKey = async (alg: string) => (await keyPair(alg)).privateKey;

/**
 * A JWT's claims when the test servers signed it and it is live on `server`'s clock, checked by
 * jose (not by the code under test); `undefined` for anything else.
 */
export async function verifiedClaims(
  server: DialectServer,
  jwt: string,
): Promise<JWTPayload | undefined> {
  try {
    const { alg } = decodeProtectedHeader(jwt);
    if (alg === undefined || !keys.has(alg)) return undefined;
    const { publicKey } = await keyPair(alg);
    const { payload } = await jwtVerify(jwt, publicKey, {
      currentDate: new Date(server.nowSeconds() * 1000),
    });
    return payload;
  } catch {
    return undefined;
  }
}

/** A signed JWT on the server's clock; `iat` is left out where the dialect leaves it out. */
export async function mintJwt(
  server: DialectServer,
  claims: Record<string, unknown>,
  lifetimeSeconds: number,
  options: { alg?: string; iat?: boolean } = {},
): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const now = server.nowSeconds();
  const jwt = new SignJWT({
    ...claims,
    nbf: now,
    exp: now + lifetimeSeconds,
    jti: randomUUID(),
  }).setProtectedHeader({
    alg,
    typ: 'JWT',
  });
  if (options.iat !== false) jwt.setIssuedAt(now);
  return server.remember(await jwt.sign(await signingKey(alg)));
}

export const opaque = (server: DialectServer, bytes = 48): string =>
  server.remember(randomBytes(bytes).toString('base64url'));
export const uuid = (server: DialectServer): string => server.remember(randomUUID());

/** Refresh tokens a server has issued and not yet used or revoked. */
export class RefreshStore<T extends object = object> {
  private readonly live = new Map<string, T & { expiresAt: number }>();

  add(token: string, data: T, lifetimeSeconds: number): string {
    this.live.set(token, { ...data, expiresAt: Date.now() + lifetimeSeconds * 1000 });
    return token;
  }

  /** The grant behind a token that is still live; `rotate` uses it up. */
  take(token: string | undefined, rotate: boolean): (T & { expiresAt: number }) | undefined {
    if (token === undefined) return undefined;
    const grant = this.live.get(token);
    if (!grant || grant.expiresAt <= Date.now()) return undefined;
    if (rotate) this.live.delete(token);
    return grant;
  }

  revoke(token: string): void {
    this.live.delete(token);
  }
}
