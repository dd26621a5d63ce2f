import type { Page } from '@playwright/test';
import { clipboardReader, expect, freezeWorker, killWorker, rowAction, test } from './extension';
import { KEYCLOAK_TOKEN_PATH } from './servers/keycloak';

const seconds = async (page: Page, provider: string) => {
  const text = await page
    .locator(`[data-provider="${provider}"] [data-testid="access-countdown"]`)
    .innerText();
  const m = /^(\d+) s$/.exec(text);
  if (!m) throw new Error(`not a seconds countdown: ${text}`);
  return Number(m[1]);
};
const row = (page: Page, provider: string) => page.locator(`[data-provider="${provider}"]`);

test('an empty popup says so once and leads to the options page', async ({
  context,
  extension,
}) => {
  await expect(extension.page.getByText('No providers yet.')).toBeVisible();
  // Nothing was filtered: no "No provider matches" under it.
  await expect(extension.page.getByText(/No provider matches/)).toHaveCount(0);
  const options = context.waitForEvent('page');
  await extension.page.getByRole('button', { name: 'Add a provider' }).click();
  expect((await options).url()).toContain('/src/options/index.html');
});

test('countdowns go down, and jump back up after a refresh', async ({
  extension,
  servers,
  profiles,
}) => {
  servers.keycloak.settings.accessSeconds = 50;
  await extension.connected(profiles.keycloak);
  const { page } = extension;
  await page.reload();
  const first = await seconds(page, 'keycloak');
  await expect.poll(() => seconds(page, 'keycloak'), { timeout: 5000 }).toBeLessThan(first - 1);
  const lower = await seconds(page, 'keycloak');
  await (await rowAction(row(page, 'keycloak'), 'Refresh now')).click();
  await expect.poll(() => seconds(page, 'keycloak')).toBeGreaterThan(lower);
  await expect(row(page, 'keycloak').getByTestId('last-refresh')).toBeVisible();
  await expect(row(page, 'keycloak').getByTestId('refresh-countdown')).toHaveText(/^13 d 23 h$/);
});

test('states and reasons follow the server as it misbehaves', async ({
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.koppeltaal);
  const { page } = extension;
  await page.reload();
  const koppeltaal = row(page, 'koppeltaal');
  await expect(koppeltaal.getByTestId('status')).toHaveText('fresh');

  servers.koppeltaal.fault = { mode: 'error5xx' };
  await (await rowAction(koppeltaal, 'Refresh now')).click();
  await expect(koppeltaal.getByTestId('status')).toHaveText('error');
  await expect(koppeltaal.getByTestId('reason')).toContainText(
    'The provider failed (503): "Service Unavailable".',
  );
  // The token was far from due: the next try is at the usual time, an hour less the lead.
  await expect(koppeltaal.getByTestId('retry')).toHaveText(/^ · retrying in 5\d min \d\d s$/);

  // A click within a second of the last refresh's end joins it (a double click): wait that out.
  await page.waitForTimeout(1100);
  servers.koppeltaal.fault = { mode: 'reject' };
  await (await rowAction(koppeltaal, 'Refresh now')).click();
  await expect(koppeltaal.getByTestId('status')).toHaveText('needs sign-in');
  await expect(koppeltaal.getByTestId('reason')).toHaveText(
    'The provider refused (400): "Bad Request, invalid token".',
  );

  servers.koppeltaal.fault = undefined;
  await (await rowAction(koppeltaal, 'Reconnect')).click();
  await expect(koppeltaal.getByTestId('status')).toHaveText('fresh');
  await expect(koppeltaal.getByTestId('reason')).toHaveCount(0);
});

test('Copy puts the current bearer token on the clipboard: as it is, as a header, as curl', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.camelcase);
  const clipboard = await clipboardReader(context, servers.camelcase.url);
  const { page } = extension;
  const token = await extension.ask({ type: 'getToken', providerId: 'camelcase' });
  if (!token.ok) throw new Error(token.error.message);
  const copy = async (name: RegExp) => {
    await page.bringToFront();
    await page.reload();
    await (await rowAction(row(page, 'camelcase'), name)).click();
    await expect(page.getByRole('status')).toHaveText(/^Copied/);
    return clipboard();
  };
  expect(await copy(/token$/)).toBe(token.value.accessToken);
  expect(await copy(/Authorization header$/)).toBe(
    `Authorization: Bearer ${token.value.accessToken}`,
  );
  // No API prefix in this profile: a placeholder that says so, and the status says it too.
  expect(await copy(/as curl$/)).toBe(
    `curl -H 'Authorization: Bearer ${token.value.accessToken}' 'https://YOUR-API.example/path'`,
  );
  await expect(page.getByRole('status')).toContainText('has no API prefix, so replace');

  // The browser's refusal is said, not swallowed. Firefox may refuse a page that lost the focus;
  // headless Chromium here never refused, so the page's clipboard is told to.
  await page.evaluate(() => {
    navigator.clipboard.writeText = () =>
      Promise.reject(new DOMException('Document is not focused.', 'NotAllowedError'));
  });
  await row(page, 'camelcase')
    .getByRole('button', { name: /token$/ })
    .click();
  await expect(page.getByRole('status')).toHaveText(
    'Copy: the browser refused the clipboard (NotAllowedError: Document is not focused.)',
  );
});

test('the token view decodes claims as local times; Force expire, then a copy refreshes first', async ({
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  const { page } = extension;
  await page.reload();
  const keycloak = row(page, 'keycloak');
  await (await rowAction(keycloak, 'token details')).click();
  const claims = keycloak.getByRole('table', { name: 'Claims' });
  await expect(claims.getByRole('row', { name: /^exp / })).toContainText(/\d{1,2}:\d{2}:\d{2}/);
  await expect(claims.getByRole('row', { name: /^azp / })).toContainText('"integration-api"');
  await expect(keycloak.getByRole('list', { name: 'Token timeline' })).toContainText('sign-in');

  servers.keycloak.reset();
  await keycloak.getByRole('button', { name: 'Force expire' }).click();
  await expect(keycloak.getByTestId('access-countdown')).toHaveText('expired');
  await keycloak.getByRole('button', { name: /token$/ }).click();
  await expect(keycloak.getByTestId('access-countdown')).toHaveText(/min/);
  expect(servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH)).toHaveLength(1);
  await expect(
    keycloak.getByRole('list', { name: 'Token timeline' }).getByRole('listitem'),
  ).toHaveCount(2);
});

test('the popup works by keyboard: a password sign-in, start to end', async ({
  extension,
  profiles,
}) => {
  await extension.save(profiles.keycloak);
  const { page } = extension;
  await page.reload();
  await row(page, 'keycloak').getByRole('button', { name: 'Connect' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('tester');
  await page.keyboard.press('Tab');
  await page.keyboard.type('correct horse');
  await page.keyboard.press('Enter');
  await expect(row(page, 'keycloak').getByTestId('status')).toHaveText('fresh');
});

test('Shift clock runs one provider’s clock ahead: its countdown drops, the others keep theirs', async ({
  extension,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  await extension.connected(profiles.fosoauth);
  const { page } = extension;
  await page.reload();
  const keycloak = row(page, 'keycloak');
  await expect(keycloak.getByTestId('access-countdown')).toHaveText(/^29 min/);
  await (await rowAction(keycloak, 'token details')).click();
  await keycloak.getByRole('spinbutton', { name: 'Clock shift in seconds' }).fill('600');
  await keycloak.getByRole('button', { name: 'Apply shift' }).click();
  await expect(keycloak.getByTestId('access-countdown')).toHaveText(/^19 min/);
  await expect(row(page, 'fosoauth').getByTestId('access-countdown')).toHaveText(/^59 min/);
});

test('a quick run of clicks on Refresh now, in two popups at once, sends one refresh', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const path = KEYCLOAK_TOKEN_PATH;
  await extension.connected(profiles.keycloak);
  const other = await context.newPage();
  await other.goto(extension.page.url());
  await extension.page.reload();
  for (const page of [extension.page, other])
    await expect(await rowAction(row(page, 'keycloak'), 'Refresh now')).toBeEnabled();
  servers.keycloak.reset();
  // Ten clicks in each popup, one every 10 ms: the button as a person would press it, over and over.
  const clicks = (page: Page) =>
    page.evaluate(async () => {
      const button = [
        ...document.querySelectorAll<HTMLButtonElement>('[data-provider="keycloak"] button'),
      ].find((b) => b.textContent === 'Refresh now');
      if (!button) throw new Error('No Refresh now button');
      for (let i = 0; i < 10; i += 1) {
        button.click();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
  await Promise.all([clicks(extension.page), clicks(other)]);
  await expect(extension.page.getByRole('status')).toHaveText(/^Refresh .*: done$/);
  await expect(other.getByRole('status')).toHaveText(/^Refresh .*: done$/);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(servers.keycloak.tokenRequests(path)).toHaveLength(1);
});

test('an action whose worker dies before it answers says so in the popup', async ({
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  const { page } = extension;
  await page.reload();
  servers.keycloak.reset();
  servers.keycloak.fault = { mode: 'slow', delayMs: 5000, times: 1 };
  const refresh = await rowAction(row(page, 'keycloak'), 'Refresh now');
  await refresh.click();
  await expect(refresh).toBeDisabled();
  await expect.poll(() => servers.keycloak.requests.length).toBe(1);
  await killWorker(page);
  await expect(page.getByRole('status')).toHaveText(
    /^Refresh Keycloak \(apiax realm\): no answer from Token Keeper's worker \(.+\); try again$/,
  );
  // The popup asked again, which started a new worker: the refresh cut off after it was sent is
  // settled as interrupted, and the choice is the user's.
  await expect(row(page, 'keycloak').getByTestId('status')).toHaveText('needs sign-in');
  await expect(await rowAction(row(page, 'keycloak'), 'Try the old refresh token')).toBeEnabled();
});

test('a popup opened while the worker cannot answer shows every provider from its snapshot', async ({
  context,
  extension,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  await extension.connected(profiles.koppeltaal);
  const thaw = await freezeWorker(extension.page);
  try {
    const popup = await context.newPage();
    await popup.goto(extension.page.url());
    for (const id of ['keycloak', 'koppeltaal']) {
      await expect(row(popup, id).getByTestId('status')).toHaveText('fresh');
      await expect(row(popup, id).getByTestId('access-countdown')).toHaveText(/\d/);
    }
    // The worker really was not answering: a question asked now gets no answer.
    const answered = await popup.evaluate(() =>
      Promise.race([
        chrome.runtime.sendMessage({ type: 'status' }).then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 1000)),
      ]),
    );
    expect(answered).toBe(false);
  } finally {
    await thaw();
  }
});

test('a row scrolled out of view and back shows the time left now, not when it left', async ({
  extension,
  servers,
  profiles,
}) => {
  servers.keycloak.settings.accessSeconds = 50;
  servers.koppeltaal.settings.accessSeconds = 50;
  await extension.connected(profiles.keycloak);
  await extension.connected(profiles.koppeltaal);
  const { page } = extension;
  // Only the first row fits; the second is below the fold.
  await page.setViewportSize({ width: 480, height: 80 });
  await page.reload();
  const below = row(page, 'koppeltaal');
  await expect(below).toBeAttached();
  expect(await below.evaluate((e) => e.getBoundingClientRect().top >= innerHeight)).toBe(true);
  await page.waitForTimeout(3000);
  await below.scrollIntoViewIfNeeded();
  const status = await extension.ask({ type: 'status' });
  if (!status.ok) throw new Error(status.error.message);
  const expiresAt = status.value.providers.find((p) => p.id === 'koppeltaal')?.expiresAt ?? 0;
  await expect
    .poll(async () =>
      Math.abs((await seconds(page, 'koppeltaal')) - (expiresAt - Date.now()) / 1000),
    )
    .toBeLessThanOrEqual(1.5);
});

test('past eight providers a filter box narrows the rows by name', async ({
  extension,
  profiles,
}) => {
  const { page } = extension;
  for (let i = 1; i <= 8; i += 1)
    await extension.save({ ...profiles.keycloak, id: `kc-${i}`, name: `Keycloak ${i}` });
  await page.reload();
  await expect(page.locator('[data-provider]')).toHaveCount(8);
  await expect(page.getByRole('searchbox', { name: 'Filter providers' })).toHaveCount(0);

  await extension.save({ ...profiles.fosoauth, name: 'FOSOAuth' });
  await page.reload();
  const filter = page.getByRole('searchbox', { name: 'Filter providers' });
  await filter.fill('fosO');
  await expect(page.locator('[data-provider]')).toHaveCount(1);
  await expect(page.locator('[data-provider="fosoauth"]')).toBeVisible();
  await filter.fill('nothing like it');
  await expect(page.getByText('No provider matches “nothing like it”.')).toBeVisible();
});

test('a sign-in about to end says when in its row, and "Sign in again now" signs in again', async ({
  extension,
  servers,
  profiles,
}) => {
  // Keycloak's refresh token lives 2 min; the profile says so from 5 min before: at once.
  servers.keycloak.settings.refreshSeconds = 120;
  const { keycloak } = profiles;
  await extension.connected({ ...keycloak, expiry: { ...keycloak.expiry, warnSeconds: 300 } });
  const { page } = extension;
  await page.reload();
  const ending = row(page, 'keycloak').getByTestId('ending');
  await expect(ending).toContainText(/^sign-in ends in 1 min \d\d s/);
  const signIns = () =>
    servers.keycloak
      .tokenRequests(KEYCLOAK_TOKEN_PATH)
      .filter((r) => r.form?.['grant_type'] === 'password');
  expect(signIns()).toHaveLength(1);
  // The new sign-in's refresh token lives an hour: nothing is ending any more.
  servers.keycloak.settings.refreshSeconds = 3600;
  await ending.getByRole('button', { name: /again now/ }).click();
  await row(page, 'keycloak').getByLabel('User name').fill('tester');
  await row(page, 'keycloak').getByLabel('Password').fill('correct horse');
  await row(page, 'keycloak').getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(ending).toHaveCount(0);
  expect(signIns()).toHaveLength(2);
  await expect(row(page, 'keycloak').getByTestId('status')).toHaveText('fresh');
});
