/**
 * The starter stage (see `utils/stages.ts`), on every http(s) frame: the thin start of Backstory.
 * It asks the background to inject the rest into this frame: the scanner
 * (`entrypoints/scanner.content/`), then the runner (`entrypoints/runner.content/`), which finds
 * the dataset's mentions, marks them and shows a card on hover.
 *
 * The page waits while the browser injects a content script: it compiles the whole file in that
 * one task, which on a page just after the browser started is the slowest it gets. So this file
 * stays small; the rest is compiled in tasks of their own, as the background injects it (figures in
 * docs/performance.md).
 *
 * A page's frames are mostly ads, players and social buttons: one line of text in a small box. The
 * scanner and runner cost each frame megabytes of heap and tens of milliseconds of work, so a
 * subframe asks for them only once it looks like something a person reads, and watches until then.
 *
 * It is built as a plain script (WXT's unlisted script) that the manifest lists as the content
 * script (`wxt.config.ts`), not as a WXT content script: WXT's content-script context asks the
 * extension API for its id as it is set up, and the browser then builds the `runtime` API's
 * bindings in that frame, about 0.7 ms a frame (docs/performance.md). So nothing here touches the
 * extension API until the frame asks to start. It asks on the frame's long-lived port, which it
 * leaves to the runner (utils/stages.ts, `CHANNEL_PORT`). The runner has a WXT context of its own,
 * which is how a new copy takes over from an old one.
 */
import type { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { ChannelEnvelope } from '../../utils/messages';
import { CHANNEL_PORT, handOver, START_ENVELOPE_ID } from '../../utils/stages';

/** Set when the injected script starts (the bench tells that task from the later ones by it). */
const STARTED_MARK = 'backstory:started';
/** Set when a frame has too little to read yet and waits for more (tests wait for it). */
const WAITING_MARK = 'backstory:waiting';

/**
 * A frame smaller than a short column of text, or holding less than a couple of sentences, is an ad
 * or a widget, not an article. Its size is asked of a media query: `innerWidth` in a subframe makes
 * the browser lay out the page around it first, frame after frame (30 ad frames took about 0.07x of
 * the page's task time more). The size comes first: touching the first DOM node in a frame makes
 * the engine build its DOM classes for our world, about 20 KB of heap a frame.
 */
const MIN_READ_WIDTH_PX = 200;
const MIN_READ_HEIGHT_PX = 100;
const MIN_READ_CHARS = 200;
const BIG_ENOUGH = `(min-width: ${MIN_READ_WIDTH_PX}px) and (min-height: ${MIN_READ_HEIGHT_PX}px)`;

/** Whether the frame's body holds enough text, not counting inline scripts and styles. */
function enoughText(): boolean {
  const body = document.body;
  if (!body) return false;
  let chars = body.textContent?.length ?? 0;
  if (chars < MIN_READ_CHARS) return false;
  // An ad's frame often carries its code inline: that is no text to read.
  for (const el of body.querySelectorAll('script, style')) chars -= el.textContent?.length ?? 0;
  return chars >= MIN_READ_CHARS;
}

/**
 * The browser's own API object, not the polyfill (this file must stay small, and it only sends one
 * message), found as `wxt/browser` finds it, but only once it is needed: importing `wxt/browser`
 * reads `browser.runtime` as the script starts, and Chrome builds the API's bindings for that.
 */
function extensionApi(): typeof browser {
  const scope = globalThis as unknown as { browser?: typeof browser; chrome: typeof browser };
  return scope.browser?.runtime?.id ? scope.browser : scope.chrome;
}

/** Whether the extension that injected this copy is gone (updated or removed): an orphan asks nothing. */
const orphaned = (): boolean => !extensionApi().runtime?.id;

/**
 * Calls `start` once the subframe is worth reading. While its box is too small, only the size query
 * is watched (a small frame's text does not matter, and an ad's frame changes its DOM all the time);
 * while it is big enough, its text too. Not a promise for the script to return: Chrome holds a
 * page's load event until a script that the background injected (on install or update) has settled
 * it, and a frame may never grow.
 */
function startWhenWorthReading(size: MediaQueryList, start: () => void): void {
  const observer = new MutationObserver(check);
  let watchingText = false;
  function watchText(on: boolean) {
    if (on === watchingText) return;
    watchingText = on;
    // The body itself may come later, or be replaced: watch the whole document.
    if (on) observer.observe(document, { childList: true, subtree: true, characterData: true });
    else observer.disconnect();
  }
  function check() {
    if (!size.matches || !enoughText()) return watchText(size.matches);
    size.removeEventListener('change', check);
    observer.disconnect();
    if (!orphaned()) start();
  }
  size.addEventListener('change', check);
  // The frame was just found not worth reading yet: only what it watches depends on its size.
  watchText(size.matches);
}

// Listed in the manifest's content_scripts (wxt.config.ts): on every http(s) page, in every frame
// (each frame's own copy marks its own document), once the document is idle.
export default defineUnlistedScript(() => {
  performance.mark(STARTED_MARK);
  const size = window === window.top ? undefined : matchMedia(BIG_ENOUGH);
  if (!size || (size.matches && enoughText())) return start();
  performance.mark(WAITING_MARK);
  startWhenWorthReading(size, start);
});

function start(): void {
  // No Custom Highlight API (or a page that broke it): step aside rather than rewrite the page.
  // Asked only of a frame worth reading: the first look at `CSS` builds it for our world.
  if (typeof CSS === 'undefined' || !('highlights' in CSS) || typeof Highlight !== 'function') return;
  const request: ChannelEnvelope = { id: START_ENVELOPE_ID, body: { type: 'start' } };
  try {
    // The frame's one port to the background: the runner asks for its matching on it too.
    const port = extensionApi().runtime.connect({ name: CHANNEL_PORT });
    handOver('starter', { port });
    port.postMessage(request);
  } catch (e) {
    // The extension was updated or removed while this page was open (a new copy has its own).
    console.warn('Backstory could not start on this page:', e);
  }
}
