/**
 * The matcher a page runs: one Aho–Corasick automaton for every alias, loaded from the form the
 * build compiled it to (`Matcher.load`), so a scan costs time in proportion to the text, not to the
 * number of aliases. Each match is mapped back to offsets in the raw text. Building an automaton is
 * `build.ts`'s job; folding is `fold.ts`'s, and context rules are `context.ts`'s.
 */
import type { CompiledMatcher } from '../match-data';
import { decodeAutomaton, type Automaton } from './codec';
import { foldOf, foldTable, isWordUnit, shapeOf, SPACE, STORED_OFFSET, BREAK, UNKNOWN, wordTable } from './fold';
import { claimOf, preparePattern, type Match, type Pattern, type PreparedPattern } from './pattern';

/** At the root: read the unit (it starts an alias). */
const ROOT_READ = 1;
/** At the root: pass over the unit (it starts no alias). */
const ROOT_SKIP = 2;
/** At the root: read the unit only at a word's start (it starts only aliases that need one). */
const ROOT_AT_WORD_START = 3;

/** Ascending offsets where two text nodes meet, shifted by `base`. */
class Seams {
  constructor(
    private readonly offsets: ArrayLike<number>,
    private readonly base: number,
  ) {}

  /** The first seam at or after `offset`, or -1. */
  from(offset: number): number {
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid]! - this.base < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.offsets.length ? this.offsets[lo]! - this.base : -1;
  }

  has(offset: number): boolean {
    return this.from(offset) === offset;
  }
}

interface Candidate {
  start: number;
  end: number;
  pattern: PreparedPattern;
}

export class Matcher {
  /** The patterns as given, in order: the automaton's outputs (and the compiled form) name them by index. */
  private readonly patterns: readonly Pattern[];
  /**
   * Each pattern's folded length, shape and boundary flags, worked out when the automaton first
   * meets the pattern (a page meets a few of them).
   */
  private readonly shapes: (PreparedPattern | undefined)[] = [];
  /** The automaton's tables (see `Automaton`), as fields: the hot loop reads them as locals. */
  private readonly edgeStart: Int32Array;
  private readonly edgeUnit: Uint16Array;
  private readonly edgeNext: Int32Array;
  private readonly rootEdges: Int32Array;
  private readonly fail: Int32Array;
  private readonly inAlphabet: Uint8Array;
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  /** The longest alias, in folded characters. */
  readonly longest: number;
  private positions = new Int32Array(1024);
  /** Where the automaton reached a state with outputs: (offset, state, folded count) triples. */
  private hits = new Int32Array(3 * 1024);
  /** Per unit, what it does at the root: 0 until worked out, then ROOT_READ, ROOT_SKIP… */
  private readonly rootKind = new Uint8Array(0x10000);

  /**
   * Loads the automaton the build compiled from `patterns` (a page never builds one: building costs
   * time in proportion to the aliases). Throws if it was compiled from other patterns, or is damaged.
   */
  static load(patterns: readonly Pattern[], compiled: CompiledMatcher): Matcher {
    return new Matcher(patterns, decodeAutomaton(compiled, patterns));
  }

  /** A matcher over `automaton`, which was built from `patterns` (see `load`, and `buildMatcher`). */
  constructor(patterns: readonly Pattern[], automaton: Automaton) {
    this.patterns = patterns;
    this.rootEdges = automaton.rootEdges;
    this.inAlphabet = automaton.inAlphabet;
    this.edgeStart = automaton.edgeStart;
    this.edgeUnit = automaton.edgeUnit;
    this.edgeNext = automaton.edgeNext;
    this.fail = automaton.fail;
    this.outStart = automaton.outStart;
    this.outList = automaton.outList;
    this.longest = automaton.longest;
  }

  /** Only patterns that fold to something end a state, so this is never undefined where it is asked. */
  private patternAt(index: number): PreparedPattern {
    return (this.shapes[index] ??= preparePattern(this.patterns[index]!))!;
  }

  /**
   * Every mention in `text`, leftmost-longest and non-overlapping, in order. Context rules
   * (`requires`) are not applied here: see `context.ts`.
   */
  find(text: string): Match[] {
    const candidates = this.candidates(text);
    if (candidates.length === 0) return [];
    candidates.sort((a, b) => a.start - b.start || b.end - a.end);
    const matches: Match[] = [];
    let reach = 0;
    /** The match that won the last span taken (undefined when a blocking phrase won it). */
    let last: Match | undefined;
    for (const c of candidates) {
      if (c.start < reach) {
        if (last && c.start === last.start && c.end === last.end && !c.pattern.block && c.pattern.entityId !== last.entityId) {
          (last.rivals ??= []).push(claimOf(c.pattern));
        }
        continue;
      }
      reach = c.end;
      last = undefined;
      if (c.pattern.block) continue;
      last = { start: c.start, end: c.end, ...claimOf(c.pattern) };
      matches.push(last);
    }
    return matches;
  }

  /**
   * Where an alias may be mentioned in `text`, a page's raw text with no regard to what is read:
   * a word boundary that fails at a seam (where two text nodes meet, and the read text may put a
   * block break or leave a node out) is let through, to be decided by `find` on the read text.
   * `seams` are ascending offsets, less `base`. Overlapping, in no particular order; a superset of
   * what `find` accepts in the read text.
   */
  occurrences(text: string, seams: ArrayLike<number>, base = 0): Array<{ start: number; end: number }> {
    return this.candidates(text, new Seams(seams, base));
  }

  /** What a unit does at the root (see ROOT_READ…), worked out once per unit. */
  private rootKindOf(code: number): number {
    let f = foldTable[code]! - STORED_OFFSET;
    if (f === UNKNOWN) f = foldOf(code);
    const kind = f < 0 || f === SPACE || this.rootEdges[f] === 0 ? ROOT_SKIP : isWordUnit(f) ? ROOT_AT_WORD_START : ROOT_READ;
    this.rootKind[code] = kind;
    return kind;
  }

  private candidates(text: string, seams?: Seams): Candidate[] {
    return this.candidatesAt(text, this.run(text, seams), seams);
  }

  /**
   * Runs the automaton over `text`, noting in `hits` where it reaches a state that some alias ends
   * in; returns how much of `hits` it filled. The engine optimises this loop early in a page's one
   * scan, and code that had never run by then (handling the first alias found, or what follows
   * the loop) would make it throw the optimised loop away: so every step is noted, and kept only
   * where an alias ends, and the candidates are worked out by the caller.
   */
  private run(text: string, seams?: Seams): number {
    // positions[k] = raw offset of the k-th folded unit, to map matches back to the raw text. One
    // buffer, grown as needed: a fresh one per call makes the engine collect garbage mid-scan.
    if (this.positions.length < text.length) this.positions = new Int32Array(Math.max(text.length, 2 * this.positions.length));
    const hitRoom = 3 * (text.length + 1);
    if (this.hits.length < hitRoom) this.hits = new Int32Array(Math.max(hitRoom, 2 * this.hits.length));
    const positions = this.positions;
    const hits = this.hits;
    let hitEnd = 0;
    // Hot loop: locals, and the fold table read inline (a page scan runs it once, mostly cold).
    const { rootEdges, edgeStart, edgeUnit, edgeNext, fail, outStart, inAlphabet } = this;
    const length = text.length;
    let folded = 0;
    let state = 0;
    let lastWasSpace = true;
    const rootKind = this.rootKind;
    let seam = seams ? seams.from(0) : -1;
    for (let i = 0; i < length; i++) {
      if (state === 0) {
        // Most of a text is read at the root, where most units start nothing that can be accepted:
        // pass over them in a tight loop. A Latin alias starts only at a word's start (or, for
        // occurrences, at a seam).
        for (; i < length; i++) {
          const unit = text.charCodeAt(i);
          let kind = rootKind[unit]!;
          if (kind === 0) kind = this.rootKindOf(unit);
          if (kind === ROOT_READ) break;
          if (kind === ROOT_AT_WORD_START) {
            if (i === 0) break;
            const before = text.charCodeAt(i - 1);
            const word = wordTable[before]!;
            if (word === 1 || (word === 0 && !isWordUnit(before))) break;
            if (seam !== -1 && seam <= i) {
              seam = seams!.from(i);
              if (seam === i) break;
            }
          }
        }
        if (i === length) break;
      }
      const code = text.charCodeAt(i);
      let f = foldTable[code]! - STORED_OFFSET;
      if (f === UNKNOWN) f = foldOf(code);
      if (f < 0) {
        if (f === BREAK) {
          state = 0;
          lastWasSpace = true;
        }
        continue; // SKIP: invisible characters are not there at all
      }
      if (f === SPACE) {
        if (lastWasSpace) continue;
        lastWasSpace = true;
      } else {
        lastWasSpace = false;
      }
      positions[folded++] = i;

      if (inAlphabet[f] === 0) {
        // No alias has this character: every partial match ends here.
        state = 0;
        continue;
      }
      let next = 0;
      for (;;) {
        if (state === 0) {
          next = rootEdges[f]!;
          break;
        }
        let k = edgeStart[state]!;
        const end = edgeStart[state + 1]!;
        while (k < end && edgeUnit[k] !== f) k++;
        if (k < end) {
          next = edgeNext[k]!;
          break;
        }
        state = fail[state]!;
      }
      state = next;

      hits[hitEnd] = i;
      hits[hitEnd + 1] = state;
      hits[hitEnd + 2] = folded;
      hitEnd += outStart[state + 1]! > outStart[state]! ? 3 : 0;
    }
    return hitEnd;
  }

  /** The aliases that end where `run` noted a hit, as their boundaries and case allow. */
  private candidatesAt(text: string, hitEnd: number, seams?: Seams): Candidate[] {
    const { hits, positions, outStart, outList } = this;
    const found: Candidate[] = [];
    for (let h = 0; h < hitEnd; h += 3) {
      const end = hits[h]! + 1;
      const state = hits[h + 1]!;
      const folded = hits[h + 2]!;
      for (let k = outStart[state]!; k < outStart[state + 1]!; k++) {
        const pattern = this.patternAt(outList[k]!);
        const candidate = { start: positions[folded - pattern.length]!, end, pattern };
        if (this.accepts(text, candidate, positions, folded, seams)) found.push(candidate);
      }
    }
    return found;
  }

  private accepts(text: string, c: Candidate, positions: Int32Array, folded: number, seams?: Seams): boolean {
    const p = c.pattern;
    if (p.needsLeftBoundary && c.start > 0 && isWordUnit(text.charCodeAt(c.start - 1)) && !seams?.has(c.start)) return false;
    if (p.needsRightBoundary && c.end < text.length && isWordUnit(text.charCodeAt(c.end)) && !seams?.has(c.end)) return false;
    if (p.anyCase) return true;
    // Case-aware: compare the text's own letters with the alias as written. A lower-case alias
    // also matches with a capital first letter, as at the start of a sentence.
    const first = folded - p.length;
    for (let k = 0; k < p.length; k++) {
      const unit = shapeOf(text.charCodeAt(positions[first + k]!));
      const want = p.shaped.charCodeAt(k);
      if (unit === want) continue;
      if (k === 0 && foldOf(want) === want && foldOf(unit) === want) continue;
      return false;
    }
    return true;
  }
}
