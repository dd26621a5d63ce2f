import browser from 'webextension-polyfill';
import type { Reply, Request } from '../shared/protocol';

/** Asks the worker; its answer is typed by the request's type. */
export async function ask<R extends Request>(request: R): Promise<Reply<R['type']>> {
  const reply: unknown = await browser.runtime.sendMessage(request);
  return reply as Reply<R['type']>;
}
