/** Typed senders for the message protocol; every response is validated before it is used. */
import browser from 'webextension-polyfill';
import {
  ResponseSchemas,
  type BackgroundRequest,
  type ResponseFor,
  type TabRequest,
} from './messages';

export async function askBackground<R extends BackgroundRequest>(request: R): Promise<ResponseFor<R['type']>> {
  const raw: unknown = await browser.runtime.sendMessage(request);
  return ResponseSchemas[request.type].parse(raw) as ResponseFor<R['type']>;
}

/** Asks the tab's top frame (each frame runs its own content script). */
export async function askTab<R extends TabRequest>(tabId: number, request: R): Promise<ResponseFor<R['type']>> {
  const raw: unknown = await browser.tabs.sendMessage(tabId, request, { frameId: 0 });
  return ResponseSchemas[request.type].parse(raw) as ResponseFor<R['type']>;
}
