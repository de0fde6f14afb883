/**
 * On every http(s) page: find the dataset's mentions, mark them, and show a card on hover
 * (`run.ts`).
 */
import './highlight.css';
import { defineContentScript } from 'wxt/utils/define-content-script';

/** Set when the injected script starts (the bench tells that task from the later ones by it). */
const STARTED_MARK = 'backstory:started';

/**
 * The page waits while the browser injects this script: it compiles the script and runs its
 * modules' set-up in one task. Only this file runs in that task; the rest of Backstory is
 * imported (the bundle holds it, unrun) in a task of its own, after a yield.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // Frames are pages too; each frame's own copy marks its own document.
  allFrames: true,
  // A new copy (after an update) tells the old one to stop with an event on the document only.
  // WXT's extra window.postMessage, kept for copies built with older WXT, would hand the page a
  // message naming our extension id, and it made injecting the script take 14–43 ms longer.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    performance.mark(STARTED_MARK);
    // No Custom Highlight API (or a page that broke it): step aside rather than rewrite the page.
    if (typeof CSS === 'undefined' || !('highlights' in CSS) || typeof Highlight !== 'function') return;
    await nextTask();
    if (!ctx.isValid) return;
    const { runOnPage } = await import('./run');
    await runOnPage(ctx);
  },
});
