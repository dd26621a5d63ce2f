import type { Sender } from '../browser/runtime';
import { isEnvelope } from '../shared/page-protocol';
import { runCommand, type Context } from './commands';
import { handlePageRequest } from './page-requests';

/**
 * The one message router (an async listener answers every message, so there is only one). The
 * extension's own pages speak the commands of `commands.ts`. Content scripts share the extension
 * id, so the sender's URL tells them apart: the page bridge may only carry a page's request,
 * judged by the origin the browser gives. Nothing is handled before the worker's start-up `ready`.
 */
export function route(
  ctx: Context,
  extension: { id: string; origin: string },
  ready: Promise<unknown>,
) {
  return (message: unknown, sender: Sender): Promise<unknown> | undefined => {
    if (sender.id !== extension.id) return undefined;
    if (!sender.url?.startsWith(extension.origin)) {
      if (!sender.fromTab || !isEnvelope(message)) return undefined;
      return pageRequest(ctx, ready, message.request, sender, 'bridge');
    }
    return ready.then(() => runCommand(ctx, message));
  };
}

/** Messages from web pages through `externally_connectable` (Chrome, localhost only). */
export function routeExternal(ctx: Context, ready: Promise<unknown>) {
  return (message: unknown, sender: Sender): Promise<unknown> =>
    pageRequest(
      ctx,
      ready,
      isEnvelope(message) ? message.request : undefined,
      sender,
      'externally_connectable',
    );
}

/** A page's request, answered after start-up and judged by the origin the browser gives. */
function pageRequest(
  { deps, prompts }: Context,
  ready: Promise<unknown>,
  request: unknown,
  sender: Sender,
  via: 'bridge' | 'externally_connectable',
): Promise<unknown> {
  return ready.then(() => handlePageRequest(deps, prompts.ask, sender.origin, request, via));
}
