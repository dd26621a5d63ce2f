import type { BrowserContext, Page } from '@playwright/test';
import { expect, test, type Extension } from './extension';
import { KEYCLOAK_TOKEN_PATH } from './servers/keycloak';

/** Where the test web app serves the SDK (a string, so TypeScript does not resolve it). */
const SDK_URL: string = '/sdk/token-keeper.js';

/** Waits for the extension's consent window and answers it. */
async function answerConsent(context: BrowserContext, allow: boolean): Promise<string> {
  const prompt = await context.waitForEvent('page', {
    predicate: (p) => p.url().includes('/src/consent/'),
  });
  await prompt.waitForLoadState('domcontentloaded');
  const text = await prompt.locator('main').innerText();
  await prompt.getByRole('button', { name: allow ? 'Allow' : 'Deny' }).click();
  return text;
}

const consentPages = (context: BrowserContext) =>
  context.pages().filter((p) => p.url().includes('/src/consent/'));

/** Runs the SDK in a page (or frame) and returns what it got, as plain data. */
function sdkGetToken(page: Page, provider: string, options: { dropChrome?: boolean } = {}) {
  return page.evaluate(
    async ({ provider, dropChrome, sdkUrl }) => {
      if (dropChrome) Reflect.deleteProperty(window, 'chrome');
      const sdk = (await import(sdkUrl)) as {
        getToken: (p: string, o: object) => Promise<unknown>;
      };
      try {
        return { ok: true, value: await sdk.getToken(provider, { timeoutMs: 20_000 }) };
      } catch (error) {
        const e = error as { code?: string; message?: string };
        return { ok: false, code: e.code, message: e.message };
      }
    },
    { provider, dropChrome: options.dropChrome ?? false, sdkUrl: SDK_URL },
  );
}

/** Asks for a token through the SDK while answering the consent window the request opens. */
async function askAnswering(
  context: BrowserContext,
  page: Page,
  allow: boolean,
  options: { dropChrome?: boolean } = {},
): Promise<{ prompt: string; reply: unknown }> {
  const prompt = answerConsent(context, allow);
  const reply = sdkGetToken(page, 'keycloak', options);
  return { prompt: await prompt, reply: await reply };
}

async function audit(extension: Extension) {
  const reply = await extension.ask({ type: 'listAccess' });
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

test('the demo web app gets a token through the SDK and calls its API with it, before and after a refresh', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  const app = await context.newPage();
  await app.goto(`${servers.webapps[0].url}/`);
  const consent = answerConsent(context, true);
  await app.getByRole('button', { name: 'Call API' }).click();
  const asked = await consent;
  expect(asked).toContain(servers.webapps[0].url);
  expect(asked).toContain(
    `asks for an access token for Keycloak (apiax realm) (provider id keycloak, tokens from ${new URL(servers.keycloak.url).host})`,
  );
  await expect(app.getByLabel('API result')).toHaveText('200 {"user":"tester"}');
  const first = await app.evaluate(
    () => (window as unknown as { lastToken: Record<string, unknown> }).lastToken,
  );
  expect(Object.keys(first).sort()).toEqual(['accessToken', 'expiresAt', 'tokenType']);

  expect(await extension.ask({ type: 'refresh', providerId: 'keycloak' })).toMatchObject({
    ok: true,
  });
  await app.getByLabel('API result').evaluate((el) => (el.textContent = ''));
  await app.getByRole('button', { name: 'Call API' }).click();
  await expect(app.getByLabel('API result')).toHaveText('200 {"user":"tester"}');
  const second = await app.evaluate(
    () => (window as unknown as { lastToken: Record<string, unknown> }).lastToken,
  );
  expect(second['accessToken']).not.toBe(first['accessToken']);
  expect(consentPages(context)).toHaveLength(0); // asked once only

  const access = await audit(extension);
  expect(access.grants).toEqual([
    { origin: servers.webapps[0].url, provider: 'keycloak', grantedAt: expect.any(Number) },
  ]);
  expect(access.audit).toHaveLength(2);
  expect(JSON.stringify(access)).not.toContain(String(first['accessToken']));
});

test('the bridge alone is enough (no externally_connectable, as in Firefox), on a site the user added', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  const origin = servers.webapps[0].url;
  const page = await context.newPage();
  await page.goto(`${origin}/blank`);
  expect(await sdkGetToken(page, 'keycloak', { dropChrome: true })).toMatchObject({
    ok: false,
    code: 'not_installed',
  });

  expect(await extension.ask({ type: 'addSite', origin })).toEqual({
    ok: true,
    value: { sites: [origin] },
  });
  await page.reload();
  const allowed = await askAnswering(context, page, true, { dropChrome: true });
  expect(allowed.reply).toMatchObject({ ok: true, value: { tokenType: 'bearer' } });

  // Revoked: the next request asks again.
  await extension.ask({ type: 'revokeGrant', origin, providerId: 'keycloak' });
  const denied = await askAnswering(context, page, false, { dropChrome: true });
  expect(denied.reply).toMatchObject({ ok: false, code: 'denied' });
});

test('hostile pages get no token, and the worker keeps answering the allowed origin', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(120_000);
  await extension.connected(profiles.keycloak);
  const [allowed, other] = servers.webapps;
  const app = await context.newPage();
  await app.goto(`${allowed.url}/blank`);
  expect((await askAnswering(context, app, true)).reply).toMatchObject({ ok: true });
  const stillServed = async () =>
    expect(await sdkGetToken(app, 'keycloak')).toMatchObject({ ok: true });

  const replies: unknown[] = [];
  const hostile = await context.newPage();
  await hostile.goto(`${other.url}/blank`);

  // 1. Another port claims the allowed origin in its payload: the browser's origin counts; denied.
  const claimed = answerConsent(context, false);
  const claim = hostile.evaluate(
    ([id, origin]) =>
      new Promise((resolve) => {
        chrome.runtime.sendMessage(
          id,
          { channel: 'page', origin, request: { type: 'getToken', provider: 'keycloak' } },
          resolve,
        );
      }),
    [extension.id, allowed.url] as const,
  );
  expect(await claimed).toContain(other.url);
  replies.push(await claim);
  expect(replies.at(-1)).toMatchObject({ ok: false, error: { code: 'denied' } });

  // 2. The same origin again: denied for a while, without a new prompt.
  replies.push(await sdkGetToken(hostile, 'keycloak'));
  expect(replies.at(-1)).toMatchObject({ ok: false, code: 'denied' });
  expect(consentPages(context)).toHaveLength(0);
  await stillServed();

  // 3. An iframe from that other origin inside the allowed page speaks for its own origin.
  await app.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    document.body.append(frame);
    return new Promise((resolve) => frame.addEventListener('load', resolve));
  }, `${other.url}/blank`);
  const frame = app.frames().find((f) => f.url().startsWith(other.url));
  if (!frame) throw new Error('no iframe');
  replies.push(
    await frame.evaluate(async (sdkUrl) => {
      const sdk = (await import(sdkUrl)) as {
        getToken: (p: string, o: object) => Promise<unknown>;
      };
      return sdk
        .getToken('keycloak', { timeoutMs: 10_000 })
        .catch((e: unknown) => ({ ok: false, code: (e as { code?: string }).code }));
    }, SDK_URL),
  );
  expect(replies.at(-1)).toMatchObject({ ok: false, code: 'denied' });

  // 4. Opaque origins: a sandboxed iframe and a data: iframe inside the allowed page.
  for (const markup of [
    `<iframe sandbox="allow-scripts" src="${allowed.url}/blank"></iframe>`,
    '<iframe src="data:text/html,<p>x</p>"></iframe>',
  ]) {
    await app.evaluate(async (html) => {
      document.body.insertAdjacentHTML('beforeend', html);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }, markup);
  }
  const opaque = app
    .frames()
    .filter(
      (f) =>
        f.url().startsWith('data:') || (f !== app.mainFrame() && f.url().startsWith(allowed.url)),
    );
  expect(opaque).toHaveLength(2);
  for (const f of opaque) {
    replies.push(
      await f.evaluate(
        (id) =>
          new Promise((resolve) => {
            const runtime = (
              window as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => void } } }
            ).chrome?.runtime;
            if (!runtime?.sendMessage) return resolve({ ok: false, code: 'no runtime' });
            runtime.sendMessage(
              id,
              { channel: 'page', request: { type: 'getToken', provider: 'keycloak' } },
              resolve,
            );
          }),
        extension.id,
      ),
    );
    expect(replies.at(-1)).toMatchObject({ ok: false });
  }
  expect(consentPages(context)).toHaveLength(0);

  // 5. A look-alike host (127.0.0.1.localhost also reaches this machine): no way in at all.
  const lookAlike = await context.newPage();
  await lookAlike.goto(`${allowed.url.replace('127.0.0.1', '127.0.0.1.localhost')}/blank`);
  replies.push(await sdkGetToken(lookAlike, 'keycloak'));
  expect(replies.at(-1)).toMatchObject({ ok: false, code: 'not_installed' });

  // 6. The allowed host and port over https: another origin, so it is asked about, and denied.
  const secure = await context.newPage();
  await secure.goto(`${allowed.url.replace('http:', 'https:')}/blank`);
  const overHttps = await askAnswering(context, secure, false);
  expect(overHttps.prompt).toContain(allowed.url.replace('http:', 'https:'));
  replies.push(overHttps.reply);
  expect(replies.at(-1)).toMatchObject({ ok: false, code: 'denied' });

  // 7. Unknown message types and a payload over 64 KB, from the allowed origin itself.
  const odd = await app.evaluate(
    (id) =>
      Promise.all(
        [
          { type: 'getRefreshToken', provider: 'keycloak' },
          { type: 'status' },
          { type: 'getToken', provider: 'keycloak', pad: 'x'.repeat(70_000) },
        ].map(
          (request) =>
            new Promise((resolve) =>
              chrome.runtime.sendMessage(id, { channel: 'page', request }, resolve),
            ),
        ),
      ),
    extension.id,
  );
  for (const reply of odd)
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  replies.push(...odd);
  await stillServed();

  // 8. A burst of 1,000 from each: the allowed origin gets its one token, the other nothing.
  const burst = (page: Page) =>
    page.evaluate(
      (id) =>
        Promise.all(
          Array.from(
            { length: 1000 },
            () =>
              new Promise<{ ok: boolean }>((resolve) =>
                chrome.runtime.sendMessage(
                  id,
                  { channel: 'page', request: { type: 'getToken', provider: 'keycloak' } },
                  resolve,
                ),
              ),
          ),
        ),
      extension.id,
    );
  const [mine, theirs] = await Promise.all([burst(app), burst(hostile)]);
  expect(mine.filter((r) => r.ok)).toHaveLength(1000);
  expect(theirs.filter((r) => r.ok)).toHaveLength(0);
  replies.push(...theirs);
  await stillServed();

  // Zero tokens reached any origin that was not allowed.
  const shown = JSON.stringify(replies);
  for (const token of servers.keycloak.issued) expect(shown).not.toContain(token);
  const access = await audit(extension);
  expect(new Set(access.audit.map((a) => a.origin))).toEqual(new Set([allowed.url]));
});

test('grants are listed in the options page with the audit, and revoking one asks again', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  const origin = servers.webapps[0].url;
  const app = await context.newPage();
  await app.goto(`${origin}/blank`);
  expect((await askAnswering(context, app, true)).reply).toMatchObject({ ok: true });

  const { page } = extension;
  await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  await expect(page.getByRole('table', { name: 'Audit' })).toContainText(origin);
  await page.getByRole('button', { name: `Revoke ${origin} for keycloak` }).click();
  await expect(page.getByRole('table', { name: 'Grants' }).getByRole('row')).toHaveCount(0);

  const second = await askAnswering(context, app, false);
  expect(second.prompt).toContain(origin);
  expect(second.reply).toMatchObject({ ok: false, code: 'denied' });
});

test('onTokenChange tells the page of each new token, before the old one runs out', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(60_000);
  servers.keycloak.settings.accessSeconds = 20;
  await extension.connected(profiles.keycloak);
  const app = await context.newPage();
  await app.goto(`${servers.webapps[0].url}/blank`);
  const consent = answerConsent(context, true);
  await app.evaluate(async (sdkUrl) => {
    const sdk = (await import(sdkUrl)) as {
      onTokenChange: (
        p: string,
        l: (t: { accessToken: string; expiresAt: number }) => void,
      ) => () => void;
    };
    const seen: { accessToken: string; expiresAt: number }[] = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    sdk.onTokenChange('keycloak', (token) => seen.push(token));
  }, SDK_URL);
  await consent;
  const seen = () =>
    app.evaluate(
      () => (window as unknown as { seen: { accessToken: string; expiresAt: number }[] }).seen,
    );
  await expect.poll(async () => (await seen()).length).toBe(1);
  // 20 s tokens: it asks again 5 s before expiry, inside the refresh lead, so the worker refreshes.
  await expect
    .poll(async () => (await seen()).length, { timeout: 30_000, intervals: [1000] })
    .toBe(2);
  const [first, second] = await seen();
  expect(second?.accessToken).not.toBe(first?.accessToken);
  expect(second?.expiresAt).toBeGreaterThan(first?.expiresAt ?? 0);
});

test('the API revokes the token early: the page gets 401 once, says so, and its next request carries a new token the API accepts; one refresh per token', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  const [webapp] = servers.webapps;
  const app = await context.newPage();
  await app.goto(`${webapp.url}/blank`);
  /** The SDK's `getToken`, or `tokenRejected` of a token, in the page: the token it answers. */
  const sdk = (rejected?: string) =>
    app.evaluate(
      async ({ rejected, sdkUrl }) => {
        const keeper = (await import(sdkUrl)) as {
          getToken: (p: string, o: object) => Promise<{ accessToken: string }>;
          tokenRejected: (
            p: string,
            t: { accessToken: string },
            o: object,
          ) => Promise<{ accessToken: string }>;
        };
        const options = { timeoutMs: 20_000 };
        const token =
          rejected === undefined
            ? await keeper.getToken('keycloak', options)
            : await keeper.tokenRejected('keycloak', { accessToken: rejected }, options);
        return token.accessToken;
      },
      { rejected, sdkUrl: SDK_URL },
    );
  const call = (token: string) =>
    app.evaluate(async (token) => {
      const res = await fetch('/api/me', { headers: { authorization: `Bearer ${token}` } });
      return `${res.status} ${await res.text()}`;
    }, token);
  const consent = answerConsent(context, true);
  const first = await sdk();
  await consent;
  expect(await call(first)).toBe('200 {"user":"tester"}');

  // The API stops taking it long before its expiry (revoked, a key rotated).
  const issued = servers.keycloak.issued;
  issued.splice(issued.indexOf(first), 1);
  expect(await call(first)).toBe('401 {"error":"invalid_token"}');
  const refreshes = () => servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH).length;
  const before = refreshes();
  const second = await sdk(first);
  expect(second).not.toBe(first);
  expect(refreshes()).toBe(before + 1);
  expect(await call(second)).toBe('200 {"user":"tester"}');

  // The same token reported again (a second tab, a retry loop): no more refreshes.
  expect(await Promise.all([sdk(first), sdk(first), sdk(first)])).toEqual([second, second, second]);
  expect(refreshes()).toBe(before + 1);
});
