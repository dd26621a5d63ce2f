// The page bridge: a content script, registered only on the sites the user allowed, that carries
// a page's token requests to the worker and its answers back. Self-contained (built as an IIFE),
// so it runs at document_start with no loader. Messages go to this page's own origin, never "*",
// and only messages from this very window are heard (not from frames inside it).
const PAGE = 'token-keeper:page';
const BRIDGE = 'token-keeper:bridge';
const MAX_CHARS = 64 * 1024;

interface Runtime {
  sendMessage(message: unknown): Promise<unknown>;
}
const runtime = ((globalThis as { browser?: { runtime: Runtime } }).browser ?? chrome).runtime;

function post(message: Record<string, unknown>): void {
  window.postMessage({ channel: BRIDGE, ...message }, window.location.origin);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.source !== window || event.origin !== window.location.origin) return;
  const data = event.data as {
    channel?: unknown;
    type?: unknown;
    id?: unknown;
    request?: unknown;
  } | null;
  if (typeof data !== 'object' || data === null || data.channel !== PAGE) return;
  if (data.type === 'hello') return post({ type: 'ready' });
  if (typeof data.id !== 'string' || data.id.length > 100) return;
  const id = data.id;
  let size = Infinity;
  try {
    size = JSON.stringify(data.request).length;
  } catch {
    // not plain data: refused below
  }
  if (size > MAX_CHARS) {
    return post({
      id,
      reply: {
        ok: false,
        error: { code: 'bad_request', message: 'The request is larger than 64 KB.' },
      },
    });
  }
  runtime
    .sendMessage({ channel: 'page', request: data.request })
    .then((reply) => post({ id, reply }))
    .catch(() =>
      post({
        id,
        reply: {
          ok: false,
          error: { code: 'unavailable', message: 'Token Keeper did not answer.' },
        },
      }),
    );
});

post({ type: 'ready' });
