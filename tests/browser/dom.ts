/** Small DOM fixtures for the browser tests: each test gets a fresh body. */
import { toPatterns } from '../../utils/match-index';
import type { MatchIndex } from '../../utils/match-data';
import { compileMatcher } from '../../utils/matcher/build';
import { MatchService } from '../../utils/matcher/service';
import type { Matching } from '../../entrypoints/scanner.content/mentions';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export function page(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

/** A few entities, as the match index holds them. */
export const INDEX: MatchIndex = {
  version: 'test',
  entities: [
    { id: 'tiktok', name: 'TikTok', category: 'product', aliases: [{ text: 'TikTok', lang: 'en' }] },
    { id: 'telegram', name: 'Telegram', category: 'product', aliases: [{ text: 'Telegram', lang: 'en' }] },
    { id: 'nsl', name: 'National security law', category: 'law', aliases: [{ text: 'Hong Kong national security law', lang: 'en' }] },
    { id: 'hong-kong', name: 'Hong Kong', category: 'place', aliases: [{ text: 'Hong Kong', lang: 'en' }] },
  ],
};
/**
 * The background's matcher for `index`, run in this page (the extension's own tests send the text
 * to the background); each answer comes in a later task, as a message's would.
 */
export function matchingOf(index: MatchIndex): Matching {
  const service = MatchService.load(index, compileMatcher(toPatterns(index)));
  const later = <T>(value: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(value()), 0));
  return {
    occurrences: (parts) => later(() => service.occurrences(parts)),
    matches: (texts) => later(() => service.matches(texts)),
  };
}

/** The parts of WXT's content script context that our watchers use, on the page's own timers. */
export function fakeContext(): ContentScriptContext & { invalidate: () => void } {
  const onInvalid: Array<() => void> = [];
  const ctx = {
    isValid: true,
    isInvalid: false,
    setTimeout: (fn: () => void, ms: number) => window.setTimeout(fn, ms),
    // The next frame as soon as the page is free, so that fake timers step through it exactly.
    requestAnimationFrame: (fn: FrameRequestCallback) => window.setTimeout(() => fn(performance.now()), 0),
    addEventListener: (target: EventTarget, type: string, fn: EventListener, options?: AddEventListenerOptions) => {
      target.addEventListener(type, fn, options);
      onInvalid.push(() => target.removeEventListener(type, fn, options));
    },
    onInvalidated: (fn: () => void) => void onInvalid.push(fn),
    invalidate: () => {
      ctx.isValid = false;
      ctx.isInvalid = true;
      for (const fn of onInvalid) fn();
    },
  };
  return ctx as unknown as ContentScriptContext & { invalidate: () => void };
}
