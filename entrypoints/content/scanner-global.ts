/**
 * The scanner's code (finding and marking mentions: `mentions.ts` and the matcher and page reading
 * it uses) is a script of its own, `entrypoints/scanner.content.ts`, which the background injects
 * into a frame just before the reader. Its file asks V8 to compile every function as it is
 * injected: most of them run in the page's first scan, which would otherwise compile them one by
 * one, in the middle of reading the page.
 */
import type { Mentions } from './mentions';

/**
 * Where the scanner script leaves its classes: a global of the world our scripts share with one
 * another (not with the page).
 */
export const SCANNER_GLOBAL = 'backstoryScanner';

export interface Scanner {
  Mentions: typeof Mentions;
}

/** What the scanner script left, if it ran in this frame. */
export function injectedScanner(): Scanner | undefined {
  return (globalThis as Record<string, unknown>)[SCANNER_GLOBAL] as Scanner | undefined;
}
