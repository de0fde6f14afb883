/**
 * How Backstory starts in one frame of a page: four scripts, each a bundle of its own (one folder
 * each under `entrypoints/`), in this order. The background injects them by the files named here,
 * and the scripts hand one another their classes through the globals named here, in the world our
 * scripts share with one another (not with the page). The sequence is drawn in
 * docs/architecture.md ("One frame's start-up: four stages").
 *
 * | stage   | file                         | global it leaves   | what starts it                                                   |
 * |---------|------------------------------|--------------------|------------------------------------------------------------------|
 * | starter | starter.js                   | —                  | the browser, on every http(s) frame (the manifest)               |
 * | scanner | content-scripts/scanner.js   | `backstoryScanner` | the background, when the starter asks ('start')                  |
 * | runner  | content-scripts/runner.js    | —                  | the background, right after the scanner, for the same 'start'    |
 * | card    | content-scripts/card.js      | `backstoryCard`    | the background, when the runner first wants a card ('card')      |
 *
 * Bundles share no code but through `utils/` (and types): a lint rule in `eslint.config.js` keeps
 * it so, and `tests/unit/bundles.test.ts` checks what each built bundle holds.
 */
import type { CardRenderer } from '../entrypoints/card.content/card-renderer';
import type { Mentions } from '../entrypoints/scanner.content/mentions';

/** The globals the stages leave (apart from the table, which a stage's bundle does not carry). */
const GLOBALS = { scanner: 'backstoryScanner', card: 'backstoryCard' } as const;

export const STAGES = {
  starter: { file: '/starter.js' },
  scanner: { file: '/content-scripts/scanner.js', global: GLOBALS.scanner },
  runner: { file: '/content-scripts/runner.js' },
  card: { file: '/content-scripts/card.js', global: GLOBALS.card },
} as const;

/**
 * The marks' styles (`assets/highlight.css`, built beside the scanner), inserted with the scanner:
 * a frame that never starts (an ad) gets no stylesheet to match its elements against.
 */
export const MARK_STYLES = '/content-scripts/scanner.css';

/** The stages the background injects, in order, when a frame's starter asks to start. */
export const STARTED_TOGETHER = ['scanner', 'runner'] as const;

/** Our own element on the page (the card's host), never read. */
export const CARD_HOST_TAG = 'backstory-card';

/** What each stage that leaves a global leaves there: its classes, by name. */
interface Handovers {
  scanner: { Mentions: typeof Mentions };
  card: { CardRenderer: typeof CardRenderer };
}

/** Leaves a stage's classes for the runner (called by the stage's script as it runs). */
export function handOver<K extends keyof Handovers>(stage: K, value: Handovers[K]): void {
  (globalThis as Record<string, unknown>)[GLOBALS[stage]] = value;
}

/** What a stage left, if its script ran in this frame. */
export function handedOver<K extends keyof Handovers>(stage: K): Handovers[K] | undefined {
  return (globalThis as Record<string, unknown>)[GLOBALS[stage]] as Handovers[K] | undefined;
}
