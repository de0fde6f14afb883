/**
 * What the matcher is given (patterns: an alias of an entity, or a phrase that blocks one) and what
 * it finds (matches: an entity's claim on words of the text, with its rivals' claims).
 */
import { foldPhrase, isWordUnit } from './fold';

export interface Pattern {
  /** The alias as written in the dataset. */
  text: string;
  entityId: string;
  /** Match regardless of letter case. */
  anyCase?: boolean;
  /** The alias counts only where the page also mentions one of these. */
  requires?: readonly string[];
  /** A phrase that contains an alias but is not the entity: it wins the span and marks nothing. */
  block?: boolean;
}

/** One entity's claim on words of the text. */
export interface Claim {
  entityId: string;
  /** The alias as written in the dataset (the card says why the text was marked). */
  alias: string;
  requires?: readonly string[];
}

export interface Match extends Claim {
  /** Offsets in the raw text: `text.slice(start, end)` is what was matched. */
  start: number;
  end: number;
  /**
   * Other entities' claims on the same words (the dataset lets several claim an alias when all but
   * one have a context rule): the page's context decides between them, see `chooseClaim`.
   */
  rivals?: Claim[];
}

export interface PreparedPattern extends Pattern {
  /** Length in folded units. */
  length: number;
  /** Folded but case-kept form, for case-aware checks. */
  shaped: string;
  needsLeftBoundary: boolean;
  needsRightBoundary: boolean;
}

/** What the automaton needs of a pattern besides its text; undefined for a text that folds to nothing. */
export function preparePattern(pattern: Pattern, folded = foldPhrase(pattern.text)): PreparedPattern | undefined {
  if (!folded) return undefined;
  return {
    ...pattern,
    length: folded.length,
    shaped: foldPhrase(pattern.text, true),
    needsLeftBoundary: isWordUnit(folded.charCodeAt(0)),
    needsRightBoundary: isWordUnit(folded.charCodeAt(folded.length - 1)),
  };
}

/** The claim a pattern makes on the words it matches. */
export function claimOf(pattern: Pattern): Claim {
  const claim: Claim = { entityId: pattern.entityId, alias: pattern.text };
  if (pattern.requires) claim.requires = pattern.requires;
  return claim;
}
