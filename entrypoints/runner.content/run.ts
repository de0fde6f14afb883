/**
 * Backstory on one page: find the dataset's mentions, mark them, show a card on hover, and answer
 * the popup.
 */
import browser from 'webextension-polyfill';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { unlessAbsent } from '../../utils/browser/messaging';
import { openChannel } from '../../utils/browser/channel';
import { reportError } from '../../utils/report';
import { dispatch, explain, TabRequestSchema, type Handlers, type TabRequest } from '../../utils/messages';
import { isSiteEnabled, setSiteEnabled, type Settings } from '../../utils/settings';
import { loadSettings, onSettingsChanged, updateSettings } from '../../utils/browser/settings-store';
import { CARD_HOST_TAG, handedOver, takeHandedOver } from '../../utils/stages';
import { CardController } from './card-controller';
import { watchHover } from './hover';
import { watchChanges } from './changes';
import { backgroundMatching } from './matching';
import { publicationDate, readDateInputs } from '../../utils/page-date';
import type { PageStory } from '../../utils/story';

/** Set once the marks' stylesheet is in the frame (tests wait for it before they look at a mark). */
const STYLED_MARK = 'backstory:styled';

/**
 * Waits for the page's first idle moment (at most IDLE_WAIT_MS), or until this copy of the script
 * is replaced. WXT drops an idle callback once its context is invalidated; a wait that never ended
 * would leave `main`'s promise pending, and Chrome holds a page's load event until a script that
 * `scripting.executeScript` injected (ours, on install or update) has settled it.
 */
const IDLE_WAIT_MS = 500;
function whenIdle(ctx: ContentScriptContext): Promise<void> {
  if (typeof requestIdleCallback !== 'function' || !ctx.isValid) return Promise.resolve();
  return new Promise((resolve) => {
    ctx.requestIdleCallback(() => resolve(), { timeout: IDLE_WAIT_MS });
    ctx.onInvalidated(resolve);
  });
}

export async function runOnPage(ctx: ContentScriptContext): Promise<void> {
  const scanner = handedOver('scanner');
  if (!scanner) {
    console.warn('Backstory could not start on this page: its scanner script did not run.');
    return;
  }
  const host = location.hostname;
  // The port the starter asked to start on, for what this frame asks most.
  const channel = openChannel(takeHandedOver('starter')?.port);
  // Nothing to load: the matcher is the background's.
  const mentions = new scanner.Mentions(backgroundMatching(channel), CARD_HOST_TAG);
  const storedSettings = await loadSettings();
  if (!ctx.isValid) return;
  let settings = storedSettings;
  // The page's date, which cards order their facts by: read when first asked after the page's
  // scan (null until then), as most pages and frames never show a card or a popup.
  let pageDate: string | undefined | null = null;
  const dateOfPage = () => (pageDate === null ? (pageDate = publicationDate(readDateInputs(document, location.href))) : pageDate);
  const story = (): PageStory => ({ date: dateOfPage(), names: new Map(mentions.found().map((f) => [f.id, f.name])) });
  const isTopFrame = window === window.top;
  function report() {
    // The badge counts the page, not each of its frames.
    if (isTopFrame) void unlessAbsent(channel.ask({ type: 'found', entities: mentions.found().length }), 'could not report what the page mentions');
  }

  /**
   * The cards and the hover watcher, built for the first mention found. Most pages mention nothing
   * we know, and on those the watcher would hit-test the page under the pointer at every move, and
   * the cards would listen to every scroll and key, for no mark.
   */
  let cards: CardController | undefined;
  function cardsForMentions(): CardController {
    if (cards) return cards;
    const made = (cards = new CardController(ctx, {
      story,
      // The marks staying put shows the reader it did not work; the reason goes to the console.
      hide: (id) => void updateSettings((s) => ({ ...s, hiddenEntities: [...new Set([...s.hiddenEntities, id])] })).catch((e: unknown) => reportError('could not hide the term', e)),
      siteOff: () => void updateSettings((s) => setSiteEnabled(s, host, false)).catch((e: unknown) => reportError('could not turn this site off', e)),
    }));
    watchHover(ctx, {
      mentionAt: (x, y) => (isSiteEnabled(settings, host) && settings.markStyle !== 'none' ? mentions.at(x, y) : undefined),
      isInCard: (t) => made.contains(t),
      isOpenFor: (m) => made.isOpenFor(m),
      isOpen: () => made.isOpen,
      dwellMs: () => settings.hoverDelayMs,
      // The dwell is time enough to wake the background and fetch the card.
      prepare: (m) => void made.lookup(m.entityId),
      open: (m, x, y) => void made.open(m, { x, y, focus: false }),
      close: () => made.close(),
    });
    return made;
  }

  /**
   * The marks' stylesheet, asked for with the first mark: a page that mentions nothing never needs
   * it, and a new stylesheet has the browser match the whole page's elements against it again.
   * The marks show a round trip after they are made (they draw nothing until it is there).
   */
  let styled: Promise<unknown> | undefined;
  function styleMarks() {
    styled ??= unlessAbsent(channel.ask({ type: 'mark-styles' }), 'could not style the marks').then((answer) => {
      if (answer?.ok) return performance.mark(STYLED_MARK);
      if (answer) console.warn('Backstory could not style its marks:', answer.error);
      // Asked again after the next scan.
      styled = undefined;
    });
  }

  /** After each scan: ready for the pointer in the task that marked the first mention. */
  function scanned() {
    // Listing the marks walks every mention: only until what marks need is there. The stylesheet
    // first: the marks draw nothing until it is.
    if ((!styled || !cards) && mentions.marked().length > 0) {
      styleMarks();
      cardsForMentions();
    }
    report();
  }

  /**
   * Shows the page as `next` says: on a 'new page' (the first read, or a single-page app's next
   * article) the page is read afresh; on 'new settings' the mentions found are marked again as they
   * say, and the page is read only where Backstory was off until now.
   */
  async function update(next: Settings, why: 'new page' | 'new settings') {
    const wasEnabled = isSiteEnabled(settings, host);
    settings = next;
    cards?.close();
    if (!isSiteEnabled(settings, host)) mentions.clear();
    else if (why === 'new page' || !wasEnabled) {
      pageDate = null;
      await mentions.scan(document, settings);
    }
    else mentions.refresh(settings);
    scanned();
  }

  // The popup may ask while the page is still waiting to be read: it hears "scanning", not silence
  // (which it would take for a page Backstory cannot read).
  let firstReadDone = false;
  const handlers: Handlers<TabRequest, undefined> = {
    summary: () => {
      const date = dateOfPage();
      return {
        ok: true,
        host,
        enabled: isSiteEnabled(settings, host),
        scanning: !firstReadDone || mentions.scanning,
        found: mentions.found(),
        ...(date ? { date } : {}),
      };
    },
    next: () => {
      const marked = mentions.marked();
      return marked.length && cardsForMentions().revealNext(marked) ? { ok: true } : { ok: false, error: 'nothing is marked on this page' };
    },
    reveal: (request) => {
      const first = mentions.firstOf(request.id);
      if (!first) return { ok: false, error: 'not on this page' };
      cardsForMentions().reveal(first);
      return { ok: true };
    },
    // The background matches against the new data already: read the page again.
    'data-changed': async () => {
      cards?.forget();
      if (firstReadDone) await update(settings, 'new page');
      return { ok: true };
    },
  };
  const onMessage = (raw: unknown): Promise<unknown> => {
    const parsed = TabRequestSchema.safeParse(raw);
    if (!parsed.success) return Promise.resolve({ ok: false, error: explain(parsed.error) });
    return dispatch(handlers, parsed.data, undefined);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  // Let the page finish its own start-up work first: reading it earlier would force the
  // browser to lay it out for us in the middle of loading.
  ctx.onInvalidated(() => mentions.clear());
  await whenIdle(ctx);
  if (!ctx.isValid) return;
  await update(settings, 'new page');
  firstReadDone = true;
  const stopWatching = onSettingsChanged((next) => {
    if (ctx.isValid) void update(next, 'new settings');
  });
  ctx.onInvalidated(stopWatching);

  // Pages change after load: scan only what was added or changed, in batches.
  watchChanges(ctx, {
    isOurs: (node) => cards?.contains(node) ?? false,
    changed: async (nodes) => {
      if (!isSiteEnabled(settings, host)) return;
      await mentions.scanChanged(nodes, settings);
      scanned();
    },
  });
  // A single-page app moved to another article: read it afresh.
  ctx.addEventListener(window, 'wxt:locationchange', () => void update(settings, 'new page'));
}
