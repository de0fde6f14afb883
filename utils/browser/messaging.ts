/** Typed senders for the message protocol; every response is validated before it is used. */
import browser from 'webextension-polyfill';
import { isNoReceiver, reportError } from '../report';
import {
  ResponseSchemas,
  type BackgroundRequest,
  type ResponseFor,
  type TabRequest,
} from '../messages';

export async function askBackground<R extends BackgroundRequest>(request: R): Promise<ResponseFor<R['type']>> {
  const raw: unknown = await browser.runtime.sendMessage(request);
  return ResponseSchemas[request.type].parse(raw) as ResponseFor<R['type']>;
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
  const raw: unknown = await browser.tabs.sendMessage(tabId, request, { frameId: 0 });
  return ResponseSchemas[request.type].parse(raw) as ResponseFor<R['type']>;
}
