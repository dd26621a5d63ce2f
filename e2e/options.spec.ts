import type { Page } from '@playwright/test';
import { expect, test } from './extension';

const openOptions = async (page: Page, id: string) => {
  await page.goto(`chrome-extension://${id}/src/options/index.html`);
};

test('an invalid profile shows its field errors, and nothing is saved', async ({ extension }) => {
  const { page } = extension;
  await openOptions(page, extension.id);
  await page.getByRole('combobox').selectOption('fosoauth');
  await page.getByRole('textbox', { name: 'Server URL' }).fill('http://auth.example.test');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  const errors = page.getByRole('alert');
  // Said at their fields, in the form's words.
  await expect(errors.filter({ hasText: 'Sign-in endpoint must use https:' })).toBeVisible();
  await expect(errors.filter({ hasText: /^Token endpoint must use https:/ }).first()).toBeVisible();

  // The two URL problems are said at their fields; the rest of the dialect is under Advanced.
  await expect(page.getByRole('textbox', { name: /^Sign-in endpoint/ })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  const json = page.getByRole('textbox', { name: 'Requests and responses (JSON)' });
  // Advanced opens by itself when a problem is in it (the sign-in's token URL is, here).
  await expect(json).toBeVisible();
  await json.fill(
    (await json.inputValue()).replaceAll('http://auth.example.test', 'http://127.0.0.1:9'),
  );
  await page.getByRole('button', { name: 'Save' }).click();
  // A missing client id is said at the Client id field, not as a parameter's JSON path.
  await expect(
    errors.filter({ hasText: "Client id is required: this profile's requests send it" }),
  ).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Client id' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );

  await json.fill((await json.inputValue()).replace('"in": "query"', '"in": "header"'));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(
    errors.filter({ hasText: 'refresh.params[0].in: must be one of query, form, json' }),
  ).toBeVisible();
  const status = await extension.ask({ type: 'status' });
  expect(status.ok && status.value.providers).toEqual([]);
});

test('Test refresh shows the exact request and response, secrets and tokens masked', async ({
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.fosoauth);
  const { page } = extension;
  await openOptions(page, extension.id);
  await page.getByRole('button', { name: /^Edit FOSOAuth/ }).click();
  await page.getByRole('button', { name: 'Test refresh' }).click();
  const request = page.getByTestId('test-request');
  await expect(request).toContainText(
    `GET ${servers.fosoauth.url}/oauth/v2/token?grant_type=refresh_token&refresh_token=••••`,
  );
  await expect(request).toContainText('client_id=1_golden-test-client');
  await expect(request).toContainText('client_secret=••••');
  const response = page.getByTestId('test-response');
  await expect(response).toContainText('200');
  await expect(response).toContainText('"access_token":"••••');
  const shown = `${await request.innerText()}\n${await response.innerText()}`;
  expect(shown).not.toContain('golden-test-secret');
  for (const token of servers.fosoauth.issued) expect(shown).not.toContain(token);
});

test('export then import keeps everything but secrets; a bad file changes nothing', async ({
  extension,
  profiles,
}) => {
  await extension.save(profiles.uitid);
  await extension.save(profiles.fosoauth);
  const { page } = extension;
  await openOptions(page, extension.id);
  await page.getByRole('button', { name: 'Export profiles' }).click();
  const text = await page.getByRole('textbox', { name: 'Exported profiles' }).inputValue();
  expect(text).not.toContain('uitid-test-api-key');
  expect(text).not.toContain('golden-test-secret');

  for (const id of ['uitid', 'fosoauth'])
    await extension.ask({ type: 'deleteProfile', providerId: id });
  const bad = JSON.parse(text) as { profiles: Record<string, unknown>[] };
  bad.profiles[1] = {
    ...bad.profiles[1],
    expiry: { useJwtExp: true, defaultAccessSeconds: -5, leadSeconds: 60 },
  };
  await page.getByLabel('Import profiles').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  await expect(page.getByRole('list', { name: 'Import problems' })).toContainText(
    'profiles[1].expiry.defaultAccessSeconds: must be a number of seconds above zero',
  );
  const none = await extension.ask({ type: 'status' });
  expect(none.ok && none.value.providers).toEqual([]);

  await page
    .getByLabel('Import profiles')
    .setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  // First what it would do; nothing is stored until Apply.
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText(`${profiles.uitid.name} (uitid): new profile`);
  expect(await extension.ask({ type: 'status' })).toEqual({ ok: true, value: { providers: [] } });
  await preview.getByRole('button', { name: 'Apply import' }).click();
  await expect(page.getByRole('status')).toHaveText('Imported 2 profile(s)');
  for (const id of ['uitid', 'fosoauth'] as const) {
    const reply = await extension.ask({ type: 'getProfile', providerId: id });
    expect(reply.ok && reply.value.profile).toEqual({ ...profiles[id], secrets: {} });
    expect(reply.ok && Object.values(reply.value.secretsSet).some(Boolean)).toBe(false);
  }
});

test('the form’s fields and the JSON under Advanced are one: a change in either shows in both', async ({
  extension,
}) => {
  const { page } = extension;
  await openOptions(page, extension.id);
  await page.getByRole('combobox').selectOption('keycloak');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const lead = page.getByRole('spinbutton', { name: 'Refresh this long before expiry (s)' });
  await lead.fill('120');
  await page.getByText('Advanced: requests and responses (JSON)').click();
  const json = page.getByRole('textbox', { name: 'Requests and responses (JSON)' });
  expect(JSON.parse(await json.inputValue())).toMatchObject({ expiry: { leadSeconds: 120 } });

  await json.fill((await json.inputValue()).replace('"leadSeconds": 120', '"leadSeconds": 90'));
  await expect(lead).toHaveValue('90');
  const prefixes = page.getByRole('textbox', { name: 'Add the bearer header to requests to' });
  await prefixes.fill('https://api.example.com/');
  expect(JSON.parse(await json.inputValue())).toMatchObject({
    inject: ['https://api.example.com/'],
  });

  // While the JSON is broken, the fields it holds wait for it, and say why.
  await json.fill('{ "expiry": ');
  await expect(lead).toBeDisabled();
  await expect(page.getByText('Fix the JSON under Advanced first.')).toBeVisible();
});
