import browser from 'webextension-polyfill';

/** Opens the extension's own consent window (never UI inside the page); resolves when it closes. */
export async function openConsentWindow(
  query: Record<string, string>,
): Promise<{ closed: Promise<void> }> {
  const url = browser.runtime.getURL(
    `src/consent/index.html?${new URLSearchParams(query).toString()}`,
  );
  const created = await browser.windows.create({ url, type: 'popup', width: 480, height: 440 });
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

/**
 * Grows the consent window (from inside it) until its whole content fits, frame and title bar
 * included, within the screen: a long name or the header paragraph must not push the answers out
 * of sight.
 */
export async function fitWindowToContent(): Promise<void> {
  const missing = document.documentElement.scrollHeight - window.innerHeight;
  if (missing <= 0) return;
  const current = await browser.windows.getCurrent();
  // Only the window Token Keeper opened for the question; never a browser window it was opened in.
  if (current.type !== 'popup' || current.id === undefined || current.height === undefined) return;
  await browser.windows.update(current.id, {
    height: Math.min(current.height + missing, window.screen.availHeight),
  });
}
