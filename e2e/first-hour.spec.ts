import {
  addInOptions,
  callApiAsking,
  clipboardReader,
  expect,
  signInThrough,
  test,
} from './extension';
import { OIDC_CLIENT_ID } from './servers/oidc';
import { CREDENTIALS } from './servers/all';
import type { Profile } from '../src/core/profile/types';

/**
 * FOSOAuth's profile sending its client id and secret with HTTP Basic; without its GET refresh,
 * which cannot carry a header's client authentication.
 */
function withBasic(fos: Profile, clientSecret = CREDENTIALS.fos.clientSecret): Profile {
  const { refresh: _getRefresh, ...rest } = fos;
  return {
    ...rest,
    client: { ...fos.client, auth: 'client_secret_basic' },
    secrets: { clientSecret },
  };
}

test('client_secret_basic: an id with - and _ reaches a server that reads Basic credentials as they come', async ({
  extension,
  servers,
  profiles,
}) => {
  const fos = withBasic(profiles.fosoauth);
  await extension.connected(fos);
  const [exchange] = servers.fosoauth.tokenRequests('/oauth/v2/token');
  const basic = (exchange?.headers['authorization'] ?? '').replace(/^Basic /, '');
  // The id is 1_golden-test-client: sent as it is, as the form encoding leaves - and _.
  expect(Buffer.from(basic, 'base64').toString()).toBe(
    `${CREDENTIALS.fos.clientId}:${CREDENTIALS.fos.clientSecret}`,
  );
  expect(exchange?.form?.['client_secret']).toBeUndefined();
  expect((await extension.view('fosoauth')).status).toBe('fresh');
});

test('a client refused with Basic is told the other way to send it, in the options form’s words', async ({
  extension,
  profiles,
}) => {
  const fos = withBasic(profiles.fosoauth, 'not-the-secret');
  await extension.save(fos);
  const reply = await extension.connect(fos);
  expect(!reply.ok && reply.error.message).toBe(
    'The provider refused the request (400): invalid_client: The client credentials are invalid. The client id and secret went in the Authorization header (client_secret_basic); if the server expects them in the form body, set Client authentication to client_secret_post in the options page.',
  );
});

test('a wrong client id: Connect says what the provider said and which field to fix, and opens the provider’s page', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const wrong: Profile = {
    ...profiles.oidc,
    client: { ...profiles.oidc.client, clientId: 'not-registered' },
  };
  await extension.save(wrong);
  const { page } = extension;
  await page.goto(`chrome-extension://${extension.id}/src/popup/index.html`);
  await page
    .locator(`[data-provider="${wrong.id}"]`)
    .getByRole('button', { name: 'Connect' })
    .click();
  await expect(page.getByRole('status')).toHaveText(
    `Connect ${wrong.name}: The sign-in page at ${servers.oidc.url}/auth did not open: the provider answered “invalid_client (client is invalid)” (400). The provider does not know the client id “not-registered”: check Client id in the options page.`,
  );
  const help = page.getByRole('group', { name: `Help signing in to ${wrong.name}` });
  await help.getByRole('button', { name: 'Copy the redirect URL' }).click();
  await expect(page.getByRole('status')).toHaveText(
    `Copied the redirect URL to register: https://${extension.id}.chromiumapp.org/`,
  );
  const tab = context.waitForEvent('page');
  await help.getByRole('button', { name: 'Open the sign-in page in a tab' }).click();
  const providerPage = await tab;
  await providerPage.waitForLoadState('domcontentloaded');
  // The provider's own page, with its own words.
  await expect(providerPage.locator('body')).toContainText('client is invalid');
});

test('the password row has visible labels, and a wrong password keeps the user name', async ({
  extension,
  profiles,
}) => {
  await extension.save(profiles.keycloak);
  const { page } = extension;
  await page.goto(`chrome-extension://${extension.id}/src/popup/index.html`);
  const row = page.locator('[data-provider="keycloak"]');
  await row.getByRole('button', { name: 'Connect' }).click();
  const form = row.getByRole('form', { name: `Sign in to ${profiles.keycloak.name}` });
  // The labels are text the user sees, not only names for screen readers.
  await expect(form.getByText('User name', { exact: true })).toBeVisible();
  await expect(form.getByText('Password', { exact: true })).toBeVisible();
  await form.getByLabel('User name').fill(CREDENTIALS.user.username);
  await form.getByLabel('Password').fill('wrong horse');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toContainText('invalid_grant');
  await expect(form.getByLabel('User name')).toHaveValue(CREDENTIALS.user.username);
  await expect(form.getByLabel('Password')).toHaveValue('');
  await expect(form.getByLabel('Password')).toBeFocused();
  await form.getByLabel('Password').fill(CREDENTIALS.user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(row.getByTestId('status')).toHaveText('fresh');
  await expect(form).toHaveCount(0);
});

test('the lead-time field says when the quarter-lifetime cap applies', async ({
  extension,
  profiles,
}) => {
  await extension.save({
    ...profiles.keycloak,
    expiry: { ...profiles.keycloak.expiry, defaultAccessSeconds: 60, leadSeconds: 60 },
  });
  const { page } = extension;
  await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  await page.getByRole('button', { name: `Edit ${profiles.keycloak.name}` }).click();
  const lead = page.getByRole('spinbutton', { name: 'Refresh this long before expiry (s)' });
  await expect(lead).toHaveAccessibleDescription(
    "At most a quarter of a token's lifetime: a 60 s token is refreshed 15 s before it expires.",
  );
  await lead.fill('10');
  await expect(lead).toHaveAccessibleDescription("At most a quarter of each token's lifetime.");
});

test('Delete asks first, names the provider, and says whether it revoked the sign-in', async ({
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  const { page } = extension;
  await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  const { name } = profiles.keycloak;
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  const ask = page.getByRole('group', { name: `Delete ${name}?` });
  await expect(ask).toContainText('Its sign-in is revoked at the provider where it can be');
  // Cancel keeps everything.
  await ask.getByRole('button', { name: 'Cancel' }).click();
  expect((await extension.view('keycloak')).status).toBe('fresh');
  expect(servers.keycloak.requests.filter((r) => r.path.endsWith('/revoke'))).toEqual([]);

  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await ask.getByRole('button', { name: `Delete ${name}` }).click();
  await expect(page.getByRole('status')).toHaveText(
    `Deleted ${name}. Disconnected; the refresh token was revoked at the provider.`,
  );
  expect(servers.keycloak.requests.filter((r) => r.path.endsWith('/revoke'))).toHaveLength(1);
});

test('what an action did is shown where the user is: in view however far the list is scrolled', async ({
  extension,
  profiles,
}) => {
  // Enough providers that the last is far below a popup's height.
  for (let i = 0; i < 30; i += 1)
    await extension.save({ ...profiles.camelcase, id: `c${i}`, name: `Camel ${i}` });
  await extension.connected(profiles.keycloak);
  const { page } = extension;
  await page.setViewportSize({ width: 480, height: 600 });
  await page.goto(`chrome-extension://${extension.id}/src/popup/index.html`);
  const copy = page.getByRole('button', { name: `Copy ${profiles.keycloak.name} token` });
  await copy.scrollIntoViewIfNeeded();
  await copy.click();
  await expect(page.getByRole('status')).toHaveText(/^Copied|^Copy: /);
  await expect(page.getByRole('status')).toBeInViewport();

  // The options page: the import's result next to where the user is, at the import.
  await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  const file = JSON.stringify({
    format: 'token-keeper-profiles',
    version: 1,
    profiles: [profiles.uitid],
  });
  await page.getByLabel('Import profiles').scrollIntoViewIfNeeded();
  await page.getByLabel('Import profiles').setInputFiles({
    name: 'one.json',
    mimeType: 'application/json',
    buffer: Buffer.from(file),
  });
  await page.getByRole('button', { name: 'Apply import' }).click();
  await expect(page.getByRole('status')).toHaveText(/^Imported 1 profile/);
  await expect(page.getByRole('status')).toBeInViewport();
});

test('the consent window shows Allow and Deny however long the provider’s name and the header paragraph', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const [webapp, site] = servers.webapps;
  await extension.connected({
    ...profiles.keycloak,
    name: `Keycloak for the ${'very '.repeat(12)}long-named realm`,
    inject: [`${webapp.url}/api/`, `${webapp.url}/api/v2/`, `${webapp.url}/admin/`],
  });
  const { prompt } = await callApiAsking(context, site.url);
  // Playwright sizes every page it drives; size this one as a small window with a title bar shows
  // it, whatever the window manager leaves of the size asked for.
  await prompt.setViewportSize({ width: 440, height: 290 });
  await expect(prompt.getByRole('button', { name: 'Deny' })).toBeInViewport({ ratio: 1 });
  await expect(prompt.getByRole('button', { name: 'Allow' })).toBeInViewport({ ratio: 1 });
  await prompt.getByRole('button', { name: 'Deny' }).click();
});

test('a newcomer’s walk: an OpenID Connect provider with a wrong client id, the provider’s words, the fix, Connect, Copy', async ({
  context,
  extension,
  servers,
}) => {
  const page = await addInOptions(extension, 'oidc', servers.oidc.url);
  await page.getByRole('textbox', { name: 'Client id' }).fill('token-keepr');
  await page.getByRole('button', { name: 'Discover endpoints' }).click();
  await expect(page.getByRole('textbox', { name: /^Token endpoint/ })).toHaveAccessibleName(
    'Token endpoint verified',
  );
  await page.getByRole('button', { name: 'Save' }).click();
  // The next step is named, and where it is.
  const status = page.getByRole('status');
  await expect(status).toContainText('Next: Connect it, here in the list or in the popup');
  await expect(status).toContainText('pin Token Keeper');

  const row = page.getByRole('table', { name: 'Providers' }).getByRole('row').nth(1);
  const name = (await row.getByRole('cell').first().innerText()).split('\n')[0] ?? '';
  await row.getByRole('button', { name: `Connect ${name}` }).click();
  await expect(status).toContainText(
    'the provider answered “invalid_client (client is invalid)” (400)',
  );
  await expect(status).toContainText('does not know the client id “token-keepr”: check Client id');

  // The fix, where the message said.
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  await page.getByRole('textbox', { name: 'Client id' }).fill(OIDC_CLIENT_ID);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(status).toHaveText(`Saved ${name}`);
  const window = context.waitForEvent('page');
  await row.getByRole('button', { name: `Connect ${name}` }).click();
  await signInThrough(await window);
  await expect(status).toHaveText(`Connected ${name}`);

  // Copy from the popup: the token the provider issued.
  const clipboard = await clipboardReader(context, servers.webapps[0].url);
  await page.bringToFront();
  await page.goto(`chrome-extension://${extension.id}/src/popup/index.html`);
  await page.getByRole('button', { name: `Copy ${name} token` }).click();
  await expect(page.getByRole('status')).toHaveText(/^Copied/);
  expect(servers.oidc.issued).toContain(await clipboard());
});

test('Edit then Save without a change keeps every field, timeoutSeconds included', async ({
  extension,
  profiles,
}) => {
  const profile: Profile = {
    ...profiles.keycloak,
    timeoutSeconds: 5,
    errors: [{ status: 418, kind: 'misconfigured' }],
    forgetOnClose: true,
  };
  await extension.save(profile);
  const before = await extension.ask({ type: 'getProfile', providerId: profile.id });
  const { page } = extension;
  await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  await page.getByRole('button', { name: `Edit ${profile.name}` }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved ${profile.name}`);
  const after = await extension.ask({ type: 'getProfile', providerId: profile.id });
  expect(after).toEqual(before);
  expect(after.ok && after.value.profile.timeoutSeconds).toBe(5);
});

test('a Discover that fails says so in words at the Issuer, and Save then asks before keeping the guess', async ({
  extension,
  servers,
}) => {
  // A server that is up but is no OpenID provider.
  const notAnIssuer = servers.webapps[1].url;
  const page = await addInOptions(extension, 'oidc', notAnIssuer);
  await page.getByRole('textbox', { name: 'Client id' }).fill('token-keeper');
  await page.getByRole('button', { name: 'Discover endpoints' }).click();
  await expect(page.getByRole('alert').first()).toHaveText(
    `No OpenID configuration at ${notAnIssuer}/.well-known/openid-configuration (404): check the issuer URL (the address before /.well-known).`,
  );
  await page.getByRole('button', { name: 'Save' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Save unverified endpoints?' });
  await expect(ask).toContainText('Discover failed');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  const status = await extension.ask({ type: 'status' });
  expect(status.ok && status.value.providers).toEqual([]);
});

test('names: a new provider is named after its server, its id is what pages use, and a long name is not cut at 18 characters', async ({
  extension,
  servers,
  profiles,
}) => {
  const page = await addInOptions(extension, 'oidc', servers.oidc.url);
  const host = new URL(servers.oidc.url).host;
  const id = host.replace(':', '-');
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(host);
  await expect(page.getByRole('textbox', { name: 'Id', exact: true })).toHaveValue(id);
  await expect(page.getByRole('textbox', { name: 'Id', exact: true })).toHaveAccessibleDescription(
    new RegExp(`getToken\\('${id.replaceAll('.', '\\.')}'\\)`),
  );

  const name = 'Keycloak for the staging realm of team A';
  await extension.save({ ...profiles.keycloak, name });
  await page.goto(`chrome-extension://${extension.id}/src/popup/index.html`);
  const shown = page.locator('[data-provider="keycloak"] .name');
  await expect(shown).toHaveText(name);
  // The whole name is on screen: nothing clipped.
  expect(
    await shown.evaluate(
      (el) => el.scrollHeight <= el.clientHeight && el.scrollWidth <= el.clientWidth,
    ),
  ).toBe(true);
  await expect(page.getByRole('listitem', { name })).toBeVisible();
});

test('the id can change while the provider is signed out, and the page grants follow', async ({
  extension,
  profiles,
}) => {
  await extension.save(profiles.keycloak);
  const { page } = extension;
  await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  await page.getByRole('button', { name: `Edit ${profiles.keycloak.name}` }).click();
  await page.getByRole('textbox', { name: 'Id', exact: true }).fill('team-keycloak');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved ${profiles.keycloak.name}`);
  const status = await extension.ask({ type: 'status' });
  expect(status.ok && status.value.providers.map((p) => p.id)).toEqual(['team-keycloak']);

  // Signed in, the id stays: the tokens are stored under it.
  await extension.connect({ ...profiles.keycloak, id: 'team-keycloak' });
  await page.getByRole('button', { name: `Edit ${profiles.keycloak.name}` }).click();
  await page.getByRole('textbox', { name: 'Id', exact: true }).fill('keycloak');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert').first()).toContainText(
    'Id can change only while Keycloak (apiax realm) is not signed in',
  );
});

test('an issuer without http:// or https:// is said once, at the field, in words', async ({
  extension,
}) => {
  const page = await addInOptions(extension, 'oidc', 'auth.example.com/realms/a');
  const issuer = page.getByRole('textbox', { name: 'Issuer URL' });
  await expect(page.getByRole('alert')).toHaveText([
    'Add http:// or https:// in front (https://auth.example.com/realms/a)',
  ]);
  await expect(issuer).toHaveAccessibleDescription(/^Add http:\/\/ or https:\/\//);
  // No editor with four broken addresses was opened.
  await expect(page.getByRole('region', { name: 'Edit provider' })).toHaveCount(0);
  await issuer.fill('https://auth.example.com/realms/a');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
