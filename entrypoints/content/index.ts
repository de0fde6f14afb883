/**
 * On every http(s) page: the thin start of Backstory. It asks the background to inject the rest
 * into this frame: the scanner (`entrypoints/scanner.content.ts`), then the reader
 * (`entrypoints/reader.content.ts`), which finds the dataset's mentions, marks them and shows a
 * card on hover (`run.ts`).
 *
 * The page waits while the browser injects a content script: it compiles the whole file in that
 * one task. Compiling all of Backstory there took 17–25 ms in a trace on this machine, and 50–80
 * ms on the first pages after the browser started. This file is about 4 KB built (most of it WXT's
 * content-script context); the rest is compiled in tasks of their own, as the background injects it.
 */
import './highlight.css';
// The browser's own API object, not the polyfill: this file must stay small, and it only sends
// one message.
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { BackgroundRequest } from '../../utils/messages';

/** Set when the injected script starts (the bench tells that task from the later ones by it). */
const STARTED_MARK = 'backstory:started';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // Frames are pages too; each frame's own copy marks its own document.
  allFrames: true,
  // A new copy (after an update) tells the old one to stop with an event on the document only.
  // WXT's extra window.postMessage, kept for copies built with older WXT, would hand the page a
  // message naming our extension id, and it made injecting the script take 14–43 ms longer.
  noScriptStartedPostMessage: true,
  async main() {
    performance.mark(STARTED_MARK);
    // No Custom Highlight API (or a page that broke it): step aside rather than rewrite the page.
    if (typeof CSS === 'undefined' || !('highlights' in CSS) || typeof Highlight !== 'function') return;
    const start: BackgroundRequest = { type: 'start' };
    try {
      await browser.runtime.sendMessage(start);
    } catch (e) {
      // The extension was updated or removed while this page was open (a new copy has its own), or
      // the browser would not let the reader into this frame.
      console.warn('Backstory could not start on this page:', e);
    }
  },
});
