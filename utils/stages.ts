/**
 * Our scripts other than the reader (the scanner, injected just before it, and the card, injected
 * when a card is first wanted) hand the reader their classes through globals of the world our
 * scripts share with one another, not with the page. One name each, typed here.
 */
import type { CardActions, CardHost } from '../entrypoints/card.content/card-renderer';
import type { Mentions } from '../entrypoints/scanner.content/mentions';

interface Handovers {
  /** `entrypoints/scanner.content.ts`: finding and marking mentions. */
  backstoryScanner: { Mentions: typeof Mentions };
  /** `entrypoints/card.content.ts`: the card's views. */
  backstoryCardHost: new (actions: CardActions) => CardHost;
}

/** Leaves `value` for the reader (called by the script that defines it, as it runs). */
export function handOver<K extends keyof Handovers>(name: K, value: Handovers[K]): void {
  (globalThis as Record<string, unknown>)[name] = value;
}

/** What a script left under `name`, if it ran in this frame. */
export function handedOver<K extends keyof Handovers>(name: K): Handovers[K] | undefined {
  return (globalThis as Record<string, unknown>)[name] as Handovers[K] | undefined;
}
