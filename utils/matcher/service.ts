/**
 * Matching for pages, done where the automaton lives: the background loads it once and answers
 * every frame's requests (see docs/architecture.md, "Matching in the background"). A page pays
 * only for reading its text: most pages mention nothing we know, and loading the automaton and
 * running its loop cold in each of them cost more than reading them. What a page sends and gets
 * back is in `utils/messages.ts` (`occurrences`, `matches`).
 */
import type { CompiledMatcher, MatchIndex, MatchIndexEntry } from '../match-data';
import { toPatterns } from '../match-index';
import type { RawPart, TermPlaces } from '../messages';
import type { Match } from './pattern';
import { joinRawParts } from './fold';
import { Matcher } from './runtime';
import { TermFinder } from './terms';

/** What a page needs to know of an entity it found: its name and category (no facts). */
export type FoundEntry = Pick<MatchIndexEntry, 'id' | 'name' | 'category'>;

export class MatchService {
  private readonly entries: Map<string, FoundEntry>;
  /** How far a mention or a context term may stretch in raw text (runs of spaces, soft hyphens). */
  private readonly reach: number;

  private constructor(
    private readonly matcher: Matcher,
    private readonly terms: TermFinder,
    index: MatchIndex,
  ) {
    this.entries = new Map(index.entities.map(({ id, name, category }) => [id, { id, name, category }]));
    this.reach = Math.max(4 * matcher.longest, terms.longest) + 64;
  }

  /** The service for an index and the automaton compiled from its patterns (throws if they do not fit). */
  static load(index: MatchIndex, compiled: CompiledMatcher): MatchService {
    const patterns = toPatterns(index);
    return new MatchService(Matcher.load(patterns, compiled), new TermFinder(patterns.flatMap((p) => p.requires ?? [])), index);
  }

  /**
   * Where aliases may be mentioned in a page's raw text, sent as its text nodes' parts (see
   * `Matcher.occurrences`), as ascending start and end pairs, flat; and where it says the words
   * that context rules ask for (`TermFinder`), which the page checks are read. `reach`: how far a
   * mention or such a word may stretch in raw text, so that a page that sends its text in pieces
   * lets them overlap by that much.
   */
  occurrences(parts: readonly RawPart[]): { spans: number[]; terms: TermPlaces[]; reach: number } {
    const { text, seams } = joinRawParts(parts);
    const spans = this.matcher.occurrences(text, seams).sort((a, b) => a.start - b.start || a.end - b.end);
    return { spans: spans.flatMap((s) => [s.start, s.end]), terms: this.terms.placesIn(text), reach: this.reach };
  }

  /** The mentions in each text (read closely), and the entities they name. */
  matches(texts: readonly string[]): { matches: Match[][]; entities: FoundEntry[] } {
    const matches = texts.map((text) => this.matcher.find(text));
    const ids = new Set<string>();
    for (const list of matches) for (const m of list) for (const claim of [m, ...(m.rivals ?? [])]) ids.add(claim.entityId);
    return { matches, entities: [...ids].flatMap((id) => this.entries.get(id) ?? []) };
  }
}

