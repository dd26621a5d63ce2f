import browser from 'webextension-polyfill';

/**
 * Calls `listener` for each 401 answer to a page's request (fetch or XHR) that the browser lets
 * the extension see (hosts it may reach). Non-blocking: the page gets its answer as it came.
 * Registered at the worker's top level, so such an answer wakes a stopped worker.
 */
export function onUnauthorized(
  listener: (answer: { url: string; at: number; initiator?: string }) => void,
): void {
  browser.webRequest.onCompleted.addListener(
    (details) => {
      if (details.statusCode !== 401) return;
      // Chromium says `initiator`; Firefox `originUrl` (the page's URL).
      const { initiator } = details as { initiator?: string };
      const from = initiator ?? details.originUrl;
      listener({
        url: details.url,
        at: details.timeStamp,
        ...(from !== undefined && { initiator: from }),
      });
    },
    { urls: ['<all_urls>'], types: ['xmlhttprequest'] },
  );
}
