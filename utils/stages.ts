/**
 * How Backstory starts in one frame of a page: four scripts, each a bundle of its own (one folder
 * each under `entrypoints/`), in this order. The background injects them by the files named here,
 * and the scripts hand one another their classes through the globals named here, in the world our
 * scripts share with one another (not with the page). The sequence is drawn in
 * docs/architecture.md ("One frame's start-up: four stages").
 *
 * | stage   | file                         | global it leaves   | what starts it                                                   |
 * |---------|------------------------------|--------------------|------------------------------------------------------------------|
 * | starter | starter.js                   | `backstoryStarter` | the browser, on every http(s) frame (the manifest)               |
 * | scanner | content-scripts/scanner.js   | `backstoryScanner` | the background, when the starter asks ('start')                  |
 * | runner  | content-scripts/runner.js    | —                  | the background, right after the scanner, for the same 'start'    |
 * | card    | content-scripts/card.js      | `backstoryCard`    | the background, when the runner first wants a card ('card')      |
 *
 * Bundles share no code but through `utils/` (and types): a lint rule in `eslint.config.js` keeps
 * it so, and `tests/unit/bundles.test.ts` checks what each built bundle holds.
 */
import type browser from 'webextension-polyfill';
import type { CardRenderer } from '../entrypoints/card.content/card-renderer';
import type { Mentions } from '../entrypoints/scanner.content/mentions';

/** The globals the stages leave (apart from the table, which a stage's bundle does not carry). */
const GLOBALS = { starter: 'backstoryStarter', scanner: 'backstoryScanner', card: 'backstoryCard' } as const;

export const STAGES = {
  starter: { file: '/starter.js' },
  scanner: { file: '/content-scripts/scanner.js' },
  runner: { file: '/content-scripts/runner.js' },
  card: { file: '/content-scripts/card.js' },
} as const;

/**
 * The marks' styles (`assets/highlight.css`, built beside the scanner), inserted as a frame marks
 * its first mention ('mark-styles'): a frame that never starts (an ad), or reads a page that
 * mentions nothing, gets no stylesheet to match its elements against.
 */
export const MARK_STYLES = '/content-scripts/scanner.css';

/**
 * The frame's one long-lived port to the background (utils/browser/channel.ts), in envelopes: the
 * starter opens it to ask to start (its request has envelope id START_ENVELOPE_ID) and leaves it
 * to the runner, which asks for its matching on it. A frame that starts opens one message channel,
 * not one for its start and another for its text.
 */
export const CHANNEL_PORT = 'backstory-channel';
export const START_ENVELOPE_ID = 0;

/** The stages the background injects, in order, when a frame's starter asks to start. */
export const STARTED_TOGETHER = ['scanner', 'runner'] as const;

/** Our own element on the page (the card's host), never read. */
export const CARD_HOST_TAG = 'backstory-card';

/** What each stage that leaves a global leaves there: the starter its port, the others their classes, by name. */
interface Handovers {
  starter: { port: browser.Runtime.Port };
  scanner: { Mentions: typeof Mentions };
  card: { CardRenderer: typeof CardRenderer };
}

/** Leaves a stage's classes for the runner (called by the stage's script as it runs). */
export function handOver<K extends keyof Handovers>(stage: K, value: Handovers[K]): void {
  (globalThis as Record<string, unknown>)[GLOBALS[stage]] = value;
}

/**
 * What a stage left, taken: the next to look finds nothing. A frame may start twice (its starter
 * runs as the page loads, and again when an install or update injects it into open pages), and
 * each runner needs a port of its own.
 */
export function takeHandedOver<K extends keyof Handovers>(stage: K): Handovers[K] | undefined {
  const value = handedOver(stage);
  delete (globalThis as Record<string, unknown>)[GLOBALS[stage]];
  return value;
}

/** What a stage left, if its script ran in this frame. */
export function handedOver<K extends keyof Handovers>(stage: K): Handovers[K] | undefined {
  return (globalThis as Record<string, unknown>)[GLOBALS[stage]] as Handovers[K] | undefined;
}
