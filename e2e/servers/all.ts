import { createHash } from 'node:crypto';
import { generateKeyPair, exportJWK, type JWK } from 'jose';
import selfsigned from 'selfsigned';
import { GECKO_ID } from '../../src/build/firefox-manifest';
import { camelcaseServer } from './camelcase';
import { fosoauthServer } from './fosoauth';
import type { DialectServer } from './harness';
import { keycloakServer } from './keycloak';
import { koppeltaalServer } from './koppeltaal';
import { OidcServer } from './oidc';
import { uitidServer } from './uitid';
import { webAppServer } from './webapp';

/** The extension's fixed id (manifest.json `key`) and so its sign-in redirect. */
export const EXTENSION_ID = 'enbedhajkpaoejmndjfijpeobcbaoepl';
export const REDIRECT_URI = `https://${EXTENSION_ID}.chromiumapp.org/`;

/** Firefox's sign-in redirect: the SHA-1 of the add-on id, which the Firefox manifest fixes. */
export const FIREFOX_REDIRECT_URI = `https://${createHash('sha1').update(GECKO_ID).digest('hex')}.extensions.allizom.org/`;
/**
 * Firefox gives each install a random origin (`moz-extension://<uuid>`), sent as `Origin` with
 * token requests; the e2e profile fixes it (pref `extensions.webextensions.uuids`) so tests know
 * the extension's pages and oidc-provider can allow it, as a user's provider would.
 */
export const FIREFOX_EXTENSION_UUID = '6d0c9a55-7c55-4c1a-9d8e-5b2b6a1f0e01';

/** Credentials the test servers accept; test data, not secrets. */
export const CREDENTIALS = {
  user: { username: 'tester', password: 'correct horse' },
  /** A second user of the password servers, for several identities of one provider. */
  viewer: { username: 'viewer', password: 'battery staple' },
  auditor: { username: 'auditor', password: 'tr0ub4dor' },
  uitidApiKey: 'uitid-test-api-key',
  fos: { clientId: '1_golden-test-client', clientSecret: 'golden-test-secret' },
  koppeltaalClientId: '5ad7cf6a-9556-4d23-91ca-250dafa1df09',
};

export interface Servers {
  readonly koppeltaal: DialectServer;
  readonly uitid: DialectServer;
  readonly fosoauth: DialectServer;
  readonly camelcase: DialectServer;
  readonly keycloak: DialectServer;
  readonly oidc: OidcServer;
  /** Koppeltaal's client key, the private half for the extension's profile. */
  readonly koppeltaalPrivateJwk: JWK;
  /** The demo web app, twice: two origins (two ports) on 127.0.0.1. */
  readonly webapps: readonly [DialectServer, DialectServer];
}

export type ServerName = Exclude<keyof Servers, 'koppeltaalPrivateJwk' | 'webapps'>;

/** Fixed ports for `npm run servers` and the demo; the e2e tests take free ones. */
export const FIXED_PORTS: Record<ServerName, number> = {
  koppeltaal: 7100,
  uitid: 7101,
  fosoauth: 7102,
  camelcase: 7103,
  keycloak: 7104,
  oidc: 7105,
};
export const SERVER_NAMES: readonly ServerName[] = [
  'koppeltaal',
  'uitid',
  'fosoauth',
  'camelcase',
  'keycloak',
  'oidc',
];

/** A self-signed certificate for 127.0.0.1, so the web app can also be reached over https. */
async function loopbackCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

/** The demo web app's port for `npm run servers` and the demo. */
export const WEBAPP_PORT = 7200;

/** Starts every test server on 127.0.0.1 (ports from `ports`, else free ones). */
export async function startServers(
  ports: Partial<Record<ServerName, number>> = {},
  webappPort = 0,
): Promise<Servers> {
  const pair = await generateKeyPair('RS512', { extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const koppeltaalPrivateJwk = {
    ...(await exportJWK(pair.privateKey)),
    alg: 'RS512',
    kid: 'token-keeper-test',
  };
  const users = {
    [CREDENTIALS.user.username]: CREDENTIALS.user.password,
    [CREDENTIALS.viewer.username]: CREDENTIALS.viewer.password,
    [CREDENTIALS.auditor.username]: CREDENTIALS.auditor.password,
  };
  const servers = {
    koppeltaal: koppeltaalServer({ clientId: CREDENTIALS.koppeltaalClientId, publicJwk }),
    uitid: uitidServer(CREDENTIALS.uitidApiKey),
    fosoauth: fosoauthServer(CREDENTIALS.fos),
    camelcase: camelcaseServer(users),
    keycloak: keycloakServer(users),
    oidc: new OidcServer(
      [REDIRECT_URI, FIREFOX_REDIRECT_URI],
      [`chrome-extension://${EXTENSION_ID}`, `moz-extension://${FIREFOX_EXTENSION_UUID}`],
    ),
  };
  const webapps = [webAppServer(servers.keycloak), webAppServer(servers.keycloak)] as const;
  await Promise.all([
    ...SERVER_NAMES.map((name) => servers[name].start(ports[name] ?? 0)),
    webapps[0].start(webappPort, await loopbackCertificate()),
    webapps[1].start(),
  ]);
  return { ...servers, koppeltaalPrivateJwk, webapps };
}

export async function stopServers(servers: Servers): Promise<void> {
  await Promise.all([
    ...SERVER_NAMES.map((name) => servers[name].stop()),
    ...servers.webapps.map((w) => w.stop()),
  ]);
}
