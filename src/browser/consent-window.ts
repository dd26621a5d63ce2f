import browser from 'webextension-polyfill';

/** Opens the extension's own consent window (never UI inside the page); resolves when it closes. */
export async function openConsentWindow(
  query: Record<string, string>,
): Promise<{ closed: Promise<void> }> {
  const url = browser.runtime.getURL(
    `src/consent/index.html?${new URLSearchParams(query).toString()}`,
  );
  const created = await browser.windows.create({ url, type: 'popup', width: 440, height: 320 });
  const windowId = created.id;
  const closed = new Promise<void>((resolve) => {
    const listener = (id: number) => {
      if (id !== windowId) return;
      browser.windows.onRemoved.removeListener(listener);
      resolve();
    };
    browser.windows.onRemoved.addListener(listener);
  });
  return { closed };
}
