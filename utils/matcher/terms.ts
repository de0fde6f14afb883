/**
 * Where a text says the words that context rules ask for ("requires"), exactly as written. The
 * background looks for them in the same pass that finds where aliases may be, so that a page never
 * joins its raw text a second time to look for them (docs/performance.md, "Context terms in the
 * background").
 */
import type { TermPlaces } from '../messages';

/** A term counts if one of its first few places in a page's raw text is read (not a script, menu…). */
export const MAX_TERM_PLACES = 20;

const escaped = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class TermFinder {
  /** Where any term begins: one pass over the text, however many terms there are. */
  private readonly starts: RegExp | undefined;
  /** The terms, by their first code unit: those to try where one begins. */
  private readonly byFirst = new Map<string, string[]>();
  /** The longest term's length. */
  readonly longest: number;

  constructor(terms: Iterable<string>) {
    const unique = [...new Set(terms)].filter((term) => term.length > 0);
    for (const term of unique) {
      const same = this.byFirst.get(term[0]!);
      if (same) same.push(term);
      else this.byFirst.set(term[0]!, [term]);
    }
    this.longest = Math.max(0, ...unique.map((term) => term.length));
    // A lookahead, so that terms inside or overlapping others ("China" in "South China Morning
    // Post") are found at their own places.
    this.starts = unique.length ? new RegExp(`(?=${unique.map(escaped).join('|')})`, 'g') : undefined;
  }

  /** The first MAX_TERM_PLACES places of each term the text says, ascending; terms it does not say are left out. */
  placesIn(text: string): TermPlaces[] {
    const places = new Map<string, number[]>();
    if (!this.starts) return [];
    this.starts.lastIndex = 0;
    for (let hit = this.starts.exec(text); hit; hit = this.starts.exec(text)) {
      const at = hit.index;
      for (const term of this.byFirst.get(text[at]!) ?? []) {
        if (!text.startsWith(term, at)) continue;
        const list = places.get(term);
        if (!list) places.set(term, [at]);
        else if (list.length < MAX_TERM_PLACES) list.push(at);
      }
      // The lookahead matches an empty string: step past it, or exec would find it again.
      this.starts.lastIndex = at + 1;
    }
    return [...places].map(([term, at]) => ({ term, at }));
  }
}
