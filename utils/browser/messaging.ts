/** Typed senders for the message protocol; every response is validated before it is used. */
import browser from 'webextension-polyfill';
import { isNoReceiver, reportError } from '../report';
import {
  ResponseSchemas,
  type BackgroundRequest,
  type ResponseFor,
  type TabRequest,
} from '../messages';

/** What the other end answered a request of this type, checked against the type's response schema. */
export function checkedResponse<T extends keyof typeof ResponseSchemas>(type: T, raw: unknown): ResponseFor<T> {
  return ResponseSchemas[type].parse(raw) as ResponseFor<T>;
}

export async function askBackground<R extends BackgroundRequest>(request: R): Promise<ResponseFor<R['type']>> {
  return checkedResponse<R['type']>(request.type, await browser.runtime.sendMessage(request));
}

/**
 * The answer, or undefined when nobody was there to answer (a tab without our content script, a
 * background being restarted): expected, so quiet. Anything else (an answer that fails its
 * schema is a bug) is reported to this part's console, and also gives undefined.
 */
export async function unlessAbsent<T>(asking: Promise<T>, context: string): Promise<T | undefined> {
  try {
    return await asking;
  } catch (e) {
    if (!isNoReceiver(e)) reportError(context, e);
    return undefined;
  }
}

/** Asks the tab's top frame (each frame runs its own content script). */
export async function askTab<R extends TabRequest>(tabId: number, request: R): Promise<ResponseFor<R['type']>> {
  return checkedResponse<R['type']>(request.type, await browser.tabs.sendMessage(tabId, request, { frameId: 0 }));
}
