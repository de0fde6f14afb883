/**
 * On every http(s) page: find the dataset's mentions, mark them, and show a card on hover.
 */
import './highlight.css';
import browser from 'webextension-polyfill';
import { defineContentScript } from 'wxt/utils/define-content-script';
import index from 'virtual:backstory-index';
import { askBackground } from '../../utils/messaging';
import { TabRequestSchema, explain, type EntityCard, type ResponseFor } from '../../utils/messages';
import { isSiteEnabled, setSiteEnabled, type Settings } from '../../utils/settings';
import { loadSettings, onSettingsChanged, updateSettings } from '../../utils/settings-store';
import { INIT_MEASURE, Mentions, type Mention } from './mentions';
import { CardHost, HOST_TAG } from './card';
import { watchHover } from './hover';
import { watchChanges } from './changes';

/** Waits for the page's first idle moment (at most IDLE_WAIT_MS). */
const IDLE_WAIT_MS = 500;
function whenIdle(ctx: { requestIdleCallback: (cb: IdleRequestCallback, o?: IdleRequestOptions) => number }): Promise<void> {
  if (typeof requestIdleCallback !== 'function') return Promise.resolve();
  return new Promise((resolve) => ctx.requestIdleCallback(() => resolve(), { timeout: IDLE_WAIT_MS }));
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // Frames are pages too; each frame's own copy marks its own document.
  allFrames: true,
  async main(ctx) {
    // No Custom Highlight API (or a page that broke it): step aside rather than rewrite the page.
    if (typeof CSS === 'undefined' || !('highlights' in CSS) || typeof Highlight !== 'function') return;
    const host = location.hostname;
    let settings = await loadSettings();
    const initStart = performance.now();
    const mentions = new Mentions(index, HOST_TAG);
    performance.measure(INIT_MEASURE, { start: initStart, end: performance.now() });
    // Cards already looked up: a card shows at once, even when the background was asleep.
    const cards = new Map<string, Promise<EntityCard | undefined>>();
    let openMention: Mention | undefined;
    let lastFocus: Element | null = null;

    function cardFor(id: string): Promise<EntityCard | undefined> {
      let card = cards.get(id);
      if (!card) {
        card = askBackground({ type: 'lookup', id }).then(
          (res) => (res.ok ? res.card : undefined),
          () => undefined,
        );
        // A failed lookup is not cached: the next hover asks again.
        void card.then((c) => c ?? cards.delete(id));
        cards.set(id, card);
      }
      return card;
    }

    const cardHost = new CardHost({
      openRelated: cardFor,
      hide: (id) => void updateSettings((s) => ({ ...s, hiddenEntities: [...new Set([...s.hiddenEntities, id])] })),
      siteOff: () => void updateSettings((s) => setSiteEnabled(s, host, false)),
      closed: (returnFocus) => {
        openMention = undefined;
        if (returnFocus && lastFocus instanceof HTMLElement) lastFocus.focus({ preventScroll: true });
        lastFocus = null;
      },
    });

    async function openCard(mention: Mention, options: { x?: number; y?: number; focus: boolean }) {
      const card = await cardFor(mention.entityId);
      if (!card || ctx.isInvalid) return;
      const rects = [...mention.range.getClientRects()];
      const { x, y } = options;
      const line = (x !== undefined && y !== undefined && rects.find((r) => y >= r.top && y <= r.bottom && x >= r.left - 1 && x <= r.right + 1)) || rects[0];
      if (!line) return;
      if (options.focus) lastFocus = document.activeElement;
      openMention = mention;
      cardHost.open({ card, matched: mention.range.toString(), anchor: line, focus: options.focus });
    }

    const isTopFrame = window === window.top;
    function report() {
      // The badge counts the page, not each of its frames.
      if (isTopFrame) void askBackground({ type: 'found', entities: mentions.found().length }).catch(() => {});
    }

    async function apply(next: Settings, rescan: boolean) {
      const wasEnabled = isSiteEnabled(settings, host);
      settings = next;
      cardHost.close();
      if (!isSiteEnabled(settings, host)) mentions.clear();
      else if (rescan || !wasEnabled) await mentions.scan(document, settings);
      else mentions.refresh(settings);
      report();
    }

    // Let the page finish its own start-up work first: reading it earlier would force the
    // browser to lay it out for us in the middle of loading.
    await whenIdle(ctx);
    await apply(settings, true);
    ctx.onInvalidated(() => {
      mentions.clear();
      cardHost.close();
      cardHost.element?.remove();
    });
    const stopWatching = onSettingsChanged((next) => {
      if (ctx.isValid) void apply(next, false);
    });
    ctx.onInvalidated(stopWatching);

    // Pages change after load: scan only what was added or changed, in batches.
    watchChanges(ctx, {
      isOurs: (node) => cardHost.contains(node),
      changed: async (nodes) => {
        if (!isSiteEnabled(settings, host)) return;
        await mentions.scanChanged(nodes, settings);
        report();
      },
    });
    // A single-page app moved to another article: read it afresh.
    ctx.addEventListener(window, 'wxt:locationchange', () => void apply(settings, true));

    watchHover(ctx, {
      mentionAt: (x, y) => (isSiteEnabled(settings, host) && settings.markStyle !== 'none' ? mentions.at(x, y) : undefined),
      isInCard: (t) => cardHost.contains(t),
      isOpenFor: (m) => openMention === m,
      isOpen: () => cardHost.isOpen,
      dwellMs: () => settings.hoverDelayMs,
      // The dwell is time enough to wake the background and fetch the card.
      prepare: (m) => void cardFor(m.entityId),
      open: (m, x, y) => void openCard(m, { x, y, focus: false }),
      close: () => cardHost.close(),
    });

    ctx.addEventListener(document, 'keydown', (e: KeyboardEvent) => {
      if (e.key === 'Escape' && cardHost.isOpen) cardHost.close(true);
    });

    // Scrolling moves the card with its mention, and closes it once the mention is out of view.
    ctx.addEventListener(
      window,
      'scroll',
      () => {
        if (!openMention || !cardHost.isOpen) return;
        const line = openMention.range.getClientRects()[0];
        const height = document.documentElement.clientHeight;
        if (!line || line.bottom < 0 || line.top > height) cardHost.close();
        else cardHost.position(line);
      },
      { passive: true, capture: true },
    );

    /** The keyboard shortcut: the next marked mention after the open one, with focus in its card. */
    function openNext(): boolean {
      const marked = mentions.marked();
      if (!marked.length) return false;
      const at = openMention ? marked.indexOf(openMention) : -1;
      const next = marked[(at + 1) % marked.length]!;
      next.range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      void openCard(next, { focus: true });
      return true;
    }

    const onMessage = (raw: unknown): Promise<unknown> | undefined => {
      const parsed = TabRequestSchema.safeParse(raw);
      if (!parsed.success) return Promise.resolve({ ok: false, error: explain(parsed.error) });
      const request = parsed.data;
      switch (request.type) {
        case 'summary': {
          const reply: ResponseFor<'summary'> = {
            ok: true,
            host,
            enabled: isSiteEnabled(settings, host),
            scanning: mentions.scanning,
            found: mentions.found(),
          };
          return Promise.resolve(reply);
        }
        case 'next':
          return Promise.resolve(openNext() ? { ok: true } : { ok: false, error: 'nothing is marked on this page' });
        case 'reveal': {
          const first = mentions.firstOf(request.id);
          if (!first) return Promise.resolve({ ok: false, error: 'not on this page' });
          first.range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
          void openCard(first, { focus: true });
          return Promise.resolve({ ok: true });
        }
      }
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
  },
});
