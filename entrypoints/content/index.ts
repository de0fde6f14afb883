/**
 * The starter stage (see `utils/stages.ts`), on every http(s) frame: the thin start of Backstory.
 * It asks the background to inject the rest into this frame: the scanner
 * (`entrypoints/scanner.content/`), then the runner (`entrypoints/runner.content/`), which finds
 * the dataset's mentions, marks them and shows a card on hover.
 *
 * The page waits while the browser injects a content script: it compiles the whole file in that
 * one task, which on a page just after the browser started is the slowest it gets. So this file
 * stays small (most of it is WXT's content-script context); the rest is compiled in tasks of
 * their own, as the background injects it (figures in docs/performance.md).
 *
 * A page's frames are mostly ads, players and social buttons: one line of text in a small box. The
 * scanner and runner cost each frame megabytes of heap and tens of milliseconds of work, so a
 * subframe asks for them only once it looks like something a person reads, and watches until then.
 */
// The browser's own API object, not the polyfill: this file must stay small, and it only sends
// one message.
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { BackgroundRequest } from '../../utils/messages';

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

function worthReading(): boolean {
  if (window === window.top) return true;
  if (!matchMedia(BIG_ENOUGH).matches) return false;
  const body = document.body;
  if (!body) return false;
  let chars = body.textContent?.length ?? 0;
  if (chars < MIN_READ_CHARS) return false;
  // An ad's frame often carries its code inline: that is no text to read.
  for (const el of body.querySelectorAll('script, style')) chars -= el.textContent?.length ?? 0;
  return chars >= MIN_READ_CHARS;
}

/**
 * Calls `start` once the frame is worth reading: when its text grows or its box does. Not a promise
 * for `main` to await: Chrome holds a page's load event until a script that the background injected
 * (on install or update) has settled `main`'s promise, and a frame may never grow.
 */
function startWhenWorthReading(ctx: ContentScriptContext, start: () => void): void {
  const observer = new MutationObserver(check);
  function check() {
    if (!ctx.isValid || !worthReading()) return;
    stop();
    start();
  }
  const stop = () => {
    observer.disconnect();
    removeEventListener('resize', check);
  };
  // The body itself may come later, or be replaced: watch the whole document.
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  addEventListener('resize', check);
  ctx.onInvalidated(stop);
}

async function askToStart(): Promise<void> {
  const start: BackgroundRequest = { type: 'start' };
  try {
    await browser.runtime.sendMessage(start);
  } catch (e) {
    // The extension was updated or removed while this page was open (a new copy has its own), or
    // the browser would not let the runner into this frame.
    console.warn('Backstory could not start on this page:', e);
  }
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // Frames are pages too; each frame's own copy marks its own document.
  allFrames: true,
  // A new copy (after an update) tells the old one to stop with an event on the document only.
  // WXT's extra window.postMessage, kept for copies built with older WXT, would hand the page a
  // message naming our extension id, and it made injecting the script slower (docs/performance.md).
  noScriptStartedPostMessage: true,
  async main(ctx) {
    performance.mark(STARTED_MARK);
    // No Custom Highlight API (or a page that broke it): step aside rather than rewrite the page.
    if (typeof CSS === 'undefined' || !('highlights' in CSS) || typeof Highlight !== 'function') return;
    if (worthReading()) return askToStart();
    performance.mark(WAITING_MARK);
    startWhenWorthReading(ctx, () => void askToStart());
  },
});
