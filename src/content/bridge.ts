// The page bridge: a content script, registered only on the sites the user allowed, that carries
// a page's token requests to the worker and its answers back. Self-contained (built as an IIFE),
// so it runs at document_start with no loader; what it shares with the SDK and the worker is
// `shared/page-protocol.ts`. Messages go to this page's own origin, never "*",
// and only messages from this very window are heard (not from frames inside it).
import {
  BRIDGE_CHANNEL,
  MAX_PAGE_REQUEST_CHARS,
  PAGE_CHANNEL,
  envelope,
  pageError,
} from '../shared/page-protocol';

interface Runtime {
  sendMessage(message: unknown): Promise<unknown>;
}
const runtime = ((globalThis as { browser?: { runtime: Runtime } }).browser ?? chrome).runtime;

function post(message: Record<string, unknown>): void {
  window.postMessage({ channel: BRIDGE_CHANNEL, ...message }, window.location.origin);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.source !== window || event.origin !== window.location.origin) return;
  const data = event.data as {
    channel?: unknown;
    type?: unknown;
    id?: unknown;
    request?: unknown;
  } | null;
  if (typeof data !== 'object' || data === null || data.channel !== PAGE_CHANNEL) return;
  if (data.type === 'hello') return post({ type: 'ready' });
  if (typeof data.id !== 'string' || data.id.length > 100) return;
  const id = data.id;
  let size = Infinity;
  try {
    size = JSON.stringify(data.request).length;
  } catch {
    // not plain data: refused below
  }
  if (size > MAX_PAGE_REQUEST_CHARS)
    return post({ id, reply: pageError('bad_request', 'The request is larger than 64 KB.') });
  runtime
    .sendMessage(envelope(data.request))
    .then((reply) => post({ id, reply }))
    .catch(() => post({ id, reply: pageError('unavailable', 'Token Keeper did not answer.') }));
});

post({ type: 'ready' });
