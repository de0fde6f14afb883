/**
 * Requests to the background over the frame's one long-lived port (`CHANNEL_PORT`,
 * utils/stages.ts), for what a page asks often and with much text: its matching. Every answer is
 * validated before it is used, as `askBackground` does. The port is the one the starter opened to
 * ask to start, else opened on first use, and again after it closes (the background's service
 * worker stops when idle, and the browser then closes its ports; the page closes it as it is
 * hidden); a request the closing cut short is sent once more on the new port.
 */
import browser from 'webextension-polyfill';
import { ChannelEnvelopeSchema, type BackgroundRequest, type ChannelEnvelope, type ResponseFor } from '../messages';
import { CHANNEL_PORT, START_ENVELOPE_ID } from '../stages';
import { checkedResponse } from './messaging';

interface Pending {
  request: BackgroundRequest;
  resolve: (raw: unknown) => void;
  reject: (error: Error) => void;
  retried: boolean;
}

export interface Channel {
  ask<R extends BackgroundRequest>(request: R): Promise<ResponseFor<R['type']>>;
}

/** A channel over the starter's port, when it left one, else over a port of its own. */
export function openChannel(starterPort?: browser.Runtime.Port): Channel {
  let port = starterPort && listenTo(starterPort);
  // The starter's request took the first id.
  let nextId = START_ENVELOPE_ID + 1;
  const pending = new Map<number, Pending>();

  /** Posts a request and waits for its answer; one that cannot be posted (an orphaned page) is rejected. */
  function send(id: number, entry: Pending): void {
    pending.set(id, entry);
    const envelope: ChannelEnvelope = { id, body: entry.request };
    try {
      post(envelope);
    } catch (e) {
      pending.delete(id);
      entry.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  function post(envelope: ChannelEnvelope): void {
    try {
      if (port) return port.postMessage(envelope);
    } catch {
      // A port can close before anyone heard it go (the starter's, before this script listened to
      // it): open another.
    }
    (port = listenTo(browser.runtime.connect({ name: CHANNEL_PORT }))).postMessage(envelope);
  }

  function listenTo(opened: browser.Runtime.Port): browser.Runtime.Port {
    opened.onMessage.addListener((raw: unknown) => {
      const answer = ChannelEnvelopeSchema.safeParse(raw);
      const entry = answer.success ? pending.get(answer.data.id) : undefined;
      if (!answer.success || !entry) return;
      pending.delete(answer.data.id);
      entry.resolve(answer.data.body);
    });
    opened.onDisconnect.addListener(() => {
      // Read, so that Chrome does not report it as unchecked: what was cut short is retried or
      // rejected below.
      void browser.runtime.lastError;
      if (port === opened) port = undefined;
      const cut = [...pending];
      pending.clear();
      for (const [id, entry] of cut) {
        if (entry.retried) entry.reject(new Error('the message channel closed before an answer came'));
        else send(id, { ...entry, retried: true });
      }
    });
    return opened;
  }

  // An open port kept a page out of the back/forward cache until Chrome took to closing it itself
  // (developer.chrome.com/blog/bfcache-extension-messaging-changes): close it as the page is
  // hidden, when nothing is waiting.
  addEventListener('pagehide', () => {
    if (pending.size > 0 || !port) return;
    port.disconnect();
    port = undefined;
  });

  return {
    async ask<R extends BackgroundRequest>(request: R): Promise<ResponseFor<R['type']>> {
      const raw = await new Promise<unknown>((resolve, reject) => send(nextId++, { request, resolve, reject, retried: false }));
      return checkedResponse<R['type']>(request.type, raw);
    },
  };
}
