import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, rowAction, test } from './extension';
import { CREDENTIALS } from './servers/all';

/** axe-core's findings on the page as it is now, as one line each (empty when it passes). */
async function violations(page: Page): Promise<string[]> {
  const { violations: found } = await new AxeBuilder({ page }).analyze();
  return found.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${n.target.join(' ')}`));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.beforeEach(async ({ extension }) => {
      await extension.page.emulateMedia({ colorScheme });
    });

    test('the popup, with a row menu and token details open, has no axe violations', async ({
      extension,
      profiles,
    }) => {
      await extension.connected(profiles.keycloak);
      await extension.save(profiles.uitid);
      const { page } = extension;
      await page.reload();
      const keycloak = page.locator('[data-provider="keycloak"]');
      await (await rowAction(keycloak, 'token details')).click();
      await expect(keycloak.getByRole('list', { name: 'Token timeline' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('a provider with two identities, one renaming, has no axe violations', async ({
      extension,
      profiles,
    }) => {
      await extension.connected(profiles.keycloak);
      await extension.ask({
        type: 'connect',
        providerId: 'keycloak',
        add: {},
        credentials: CREDENTIALS.viewer,
      });
      const { page } = extension;
      await page.reload();
      const viewer = page.locator('[data-provider="keycloak"] [data-identity="viewer"]');
      await expect(viewer.getByRole('button', { name: /^Use / })).toBeVisible();
      await (await rowAction(viewer, /^Rename /)).click();
      await expect(viewer.getByRole('textbox', { name: 'Name' })).toBeFocused();
      expect(await violations(page)).toEqual([]);
    });

    test('the empty popup has no axe violations', async ({ extension }) => {
      await expect(extension.page.getByText('No providers yet.')).toBeVisible();
      expect(await violations(extension.page)).toEqual([]);
    });

    test('the options page, editing a provider with a Test refresh shown, has no axe violations', async ({
      extension,
      profiles,
    }) => {
      await extension.connected(profiles.fosoauth);
      const { page } = extension;
      await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
      await page.getByRole('button', { name: /^Edit FOSOAuth/ }).click();
      await page.getByRole('button', { name: 'Test refresh' }).click();
      await expect(page.getByRole('region', { name: 'Test refresh result' })).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('the consent window has no axe violations', async ({ extension, servers }) => {
      const { page } = extension;
      const query = new URLSearchParams({
        requestId: 'none',
        origin: servers.webapps[0].url,
        provider: 'keycloak',
        name: 'Keycloak',
        host: new URL(servers.keycloak.url).host,
        inject: `${servers.webapps[0].url}/api/`,
        identity: 'viewer',
      });
      await page.goto(`chrome-extension://${extension.id}/src/consent/index.html?${query}`);
      await expect(page.getByTestId('origin')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  });
}
