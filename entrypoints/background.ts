/**
 * The background: keeps the dataset in IndexedDB and answers the protocol's requests.
 */
import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import dataset from 'virtual:backstory-dataset';
import matchData from 'virtual:backstory-match-data';
import { createDatasetStore } from '../utils/browser/dataset-store';
import { createMatchSource, publishMatchData } from '../utils/browser/match-data-store';
import { createPackStore, storedMatchDataId } from '../utils/browser/pack-store';
import { packOf } from '../utils/pack';
import type { EntityCard } from '../utils/messages';
import { BackgroundRequestSchema, ChannelEnvelopeSchema, dispatch, explain, NEXT_MENTION_COMMAND, type BackgroundRequest, type ChannelEnvelope, type Handlers } from '../utils/messages';
import { askTab, unlessAbsent } from '../utils/browser/messaging';
import { reportError } from '../utils/report';
import { CHANNEL_PORT, MARK_STYLES, STAGES, STARTED_TOGETHER } from '../utils/stages';
import { migrateStoredSettings } from '../utils/browser/settings-store';


/**
 * Injects one of our scripts into the frame that asked, and only while it shows the same document
 * (a frame that has navigated since has scripts of its own, which will ask for themselves). Firefox
 * names no documents; there the frame is the target.
 */
function senderFrame(sender: browser.Runtime.MessageSender): browser.Scripting.InjectionTarget {
  const tabId = sender.tab?.id;
  // A content script's sender is the web page it runs in (an extension page in a tab has a tab too).
  const fromPage = /^https?:/.test(sender.url ?? '');
  if (!fromPage || tabId === undefined || sender.frameId === undefined) throw new Error('only a page asks for our scripts');
  return sender.documentId ? { tabId, documentIds: [sender.documentId] } : { tabId, frameIds: [sender.frameId] };
}

async function injectInto(sender: browser.Runtime.MessageSender, file: string): Promise<void> {
  await browser.scripting.executeScript({ target: senderFrame(sender), files: [file] });
}

/**
 * Every open tab's frames read the match data again ('data-changed'), as they take a change of
 * settings: without a reload. Tabs without our content script do not answer; that is expected.
 */
async function tellTabsDataChanged(): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(
    tabs.flatMap((tab) => (tab.id === undefined ? [] : [browser.tabs.sendMessage(tab.id, { type: 'data-changed' }).catch(() => undefined)])),
  );
}

async function injectIntoOpenTabs(): Promise<void> {
  if (!browser.scripting) return;
  const tabs = await browser.tabs.query({ url: ['http://*/*', 'https://*/*'] });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined || tab.discarded) return;
      const target = { tabId: tab.id, allFrames: true };
      try {
        await browser.scripting.executeScript({ target, files: [STAGES.starter.file] });
      } catch {
        // A tab the browser will not let us into (the web store, an error page): nothing to do.
      }
    }),
  );
}

export default defineBackground(() => {
  const store = createDatasetStore(dataset);
  // Pages send their text here to be matched (utils/matcher/service.ts); the matcher is loaded
  // from storage, and written anew first if another build's data, or damaged data, is there.
  const matcher = createMatchSource(matchData.id, () => publishCurrent(true));
  const packs = createPackStore({
    bundled: dataset,
    bundledMatch: matchData,
    publish: publishMatchData,
    storedId: () => storedMatchDataId((key) => browser.storage.local.get(key)),
    // New data is published: the next page's request loads the matcher from it.
    notify: () => {
      matcher.forget();
      return tellTabsDataChanged();
    },
  });
  // What pages are matched against is kept in storage (see utils/match-data.ts): the build's own
  // data, or its merge with the reader's packs. Checked on every start: after an install or update
  // it is written before any content script is injected. Without the database, the build's own.
  const publishCurrent = (force: boolean) =>
    packs.publish(force).catch((e: unknown) => {
      reportError('could not merge the packs; publishing the bundled dataset alone', e);
      return publishMatchData(matchData, force);
    });
  const published = publishCurrent(false);
  const matchService = async () => {
    await published;
    return matcher.get();
  };

  /** A card from whichever dataset holds the entity, with the others that share its names. */
  async function cardOf(id: string): Promise<EntityCard | undefined> {
    const card = packOf(id) ? await packs.card(id) : await store.card(id);
    if (!card) return undefined;
    const alsoIn = await packs.alsoIn(id).catch(() => []);
    return alsoIn.length ? { ...card, alsoIn } : card;
  }
  // Settings an earlier build kept in one storage item move to a key each (nothing is lost: the
  // old item goes only once its settings are written).
  migrateStoredSettings().catch((e: unknown) => reportError('could not move the settings to their own keys', e));
  browser.runtime.onInstalled.addListener(() => {
    void store.ready();
    // Pages open since before this install or update have no (or an orphaned) content script:
    // give them the new one, which tells any old copy to stop.
    void published.then(injectIntoOpenTabs);
  });
  browser.runtime.onStartup.addListener(() => void store.ready());

  const handlers: Handlers<BackgroundRequest, browser.Runtime.MessageSender> = {
    lookup: async ({ id }) => {
      const card = await cardOf(id);
      return card ? { ok: true, card } : { ok: false, error: `no entity "${id}"` };
    },
    cards: async ({ ids }) => {
      const cards = await Promise.all(ids.map(cardOf));
      return { ok: true, cards: cards.filter((c) => c !== undefined) };
    },
    found: async ({ entities }, sender) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return { ok: false, error: 'only a tab reports what it found' };
      const text = entities > 0 ? String(entities) : '';
      await browser.action?.setBadgeText({ tabId, text });
      await browser.action?.setBadgeBackgroundColor({ tabId, color: '#7a3e0f' });
      return { ok: true };
    },
    status: async () => ({ ok: true, status: await store.status() }),
    rebuild: async () => ({ ok: true, status: await store.rebuild() }),
    occurrences: async ({ parts }) => ({ ok: true, ...(await matchService()).occurrences(parts) }),
    matches: async ({ texts }) => ({ ok: true, ...(await matchService()).matches(texts) }),
    datasets: async () => ({ ok: true, datasets: await packs.list() }),
    'pack-add': ({ text, file, replace, enabled, order }) => packs.add({ text, file, replace, enabled, order }),
    'pack-switch': async ({ id, on }) => ((await packs.setEnabled(id, on)) ? { ok: true } : { ok: false, error: `no dataset "${id}"` }),
    'pack-remove': async ({ id }) => {
      const removed = await packs.remove(id);
      return removed ? { ok: true, removed: { text: removed.text, file: removed.file, enabled: removed.enabled, order: removed.order } } : { ok: false, error: `no pack "${id}"` };
    },
    'pack-export': async ({ id }) => {
      const pack = await packs.exported(id);
      return pack ? { ok: true, text: pack.text, file: pack.file } : { ok: false, error: `no pack "${id}"` };
    },
    // The stages a starter asks for (utils/stages.ts), each in a task of its own and in order: the
    // runner finds the scanner's classes when it starts.
    start: async (_, sender) => {
      for (const stage of STARTED_TOGETHER) await injectInto(sender, STAGES[stage].file);
      return { ok: true };
    },
    card: async (_, sender) => {
      await injectInto(sender, STAGES.card.file);
      return { ok: true };
    },
    'mark-styles': async (_, sender) => {
      await browser.scripting.insertCSS({ target: senderFrame(sender), files: [MARK_STYLES] });
      return { ok: true };
    },
  };

  // The keyboard shortcut (Alt+Shift+B unless the reader changed it): next mention in the active tab.
  async function nextMention(): Promise<void> {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    if (tab?.id !== undefined) await unlessAbsent(askTab(tab.id, { type: 'next' }), 'could not move to the next mention');
  }
  browser.commands?.onCommand.addListener((command) => {
    if (command === NEXT_MENTION_COMMAND) nextMention().catch((e: unknown) => reportError('could not find the active tab', e));
  });

  function answer(request: BackgroundRequest, sender: browser.Runtime.MessageSender): Promise<unknown> {
    return dispatch(handlers, request, sender).catch((e: unknown) => {
      reportError(`could not answer "${request.type}"`, e);
      return { ok: false, error: String((e as Error)?.message ?? e) };
    });
  }

  /** The answer to a message: an invalid one is told what is wrong with it. */
  function answerRaw(raw: unknown, sender: browser.Runtime.MessageSender): Promise<unknown> {
    const parsed = BackgroundRequestSchema.safeParse(raw);
    return parsed.success ? answer(parsed.data, sender) : Promise.resolve({ ok: false, error: explain(parsed.error) });
  }

  browser.runtime.onMessage.addListener((raw: unknown, sender: browser.Runtime.MessageSender) => {
    // Only our own pages and content scripts may talk to us.
    if (sender.id !== browser.runtime.id) return undefined;
    return answerRaw(raw, sender);
  });

  // The same requests over a frame's long-lived port (utils/browser/channel.ts), in envelopes: its
  // starter's 'start', then its runner's matching.
  browser.runtime.onConnect.addListener((port) => {
    const sender = port.sender;
    if (port.name !== CHANNEL_PORT || !sender || sender.id !== browser.runtime.id) return port.disconnect();
    port.onMessage.addListener((raw: unknown) => {
      const envelope = ChannelEnvelopeSchema.safeParse(raw);
      if (!envelope.success) return reportError('a page sent the channel something that is not an envelope', explain(envelope.error));
      const { id, body } = envelope.data;
      void answerRaw(body, sender).then((response) => {
        const reply: ChannelEnvelope = { id, body: response };
        try {
          port.postMessage(reply);
        } catch {
          // The page went away before the answer: nobody is left to tell.
        }
      });
    });
  });
});
