/**
 * The runner stage (see `utils/stages.ts`): Backstory in one frame of a page, injected by the
 * background when the frame's starter (`entrypoints/starter/index.ts`) asks, right after the
 * scanner. It runs the scanner with the reader's settings, keeps the marks up to date, shows a card
 * on hover, and answers the popup (`run.ts`).
 */
import { defineContentScript } from 'wxt/utils/define-content-script';

/** Set when the runner starts (the bench tells the task that injected it from the later ones by it). */
const STARTED_MARK = 'backstory:runner-started';
/** Set as the task that sets up its modules begins (so that the bench can tell that one too). */
const SETUP_MARK = 'backstory:runner-setup';

/**
 * Injecting compiles this whole file in one task; its modules are set up a task later, so that the
 * page gets a turn between the two.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export default defineContentScript({
  // Not in the manifest: the background injects it with the scripting API, into the frame that
  // asked ('start'). These are the pages it may be injected into (host permissions).
  registration: 'runtime',
  matches: ['http://*/*', 'https://*/*'],
  // A newer copy (after an update) tells this one to stop with an event on the document only.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    performance.mark(STARTED_MARK);
    await nextTask();
    performance.mark(SETUP_MARK);
    if (!ctx.isValid) return;
    const { runOnPage } = await import('./run');
    await runOnPage(ctx);
  },
});
