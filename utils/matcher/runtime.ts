/**
 * One Aho–Corasick automaton for every alias: a scan costs time in proportion to the text, not to
 * the number of aliases. Text is folded as it is read (case, typographic quotes, dashes, runs of
 * white space, invisible characters) so that "TikTok’s", "national\nsecurity law" and
 * "national-security law" are found, and each match is mapped back to offsets in the raw text.
 */
import type { CompiledMatcher } from '../match-data';

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

/** Joins text from different blocks (paragraphs, cells…): no match crosses it. */
export const BLOCK_BREAK = '\u2029';
const BLOCK_BREAK_CODE = 0x2029;

const SPACE = 0x20;
const SKIP = -1;
const BREAK = -2;
/** Tables store a fold plus this offset, so that a fresh (zeroed) table reads as UNKNOWN. */
const STORED_OFFSET = 4;
const UNKNOWN = -STORED_OFFSET;

/** Folds one UTF-16 unit for matching: lower case, one form of quote, dash and space. */
const foldTable = new Int32Array(0x10000);
/** The same without lower-casing: used to check case where an alias is case-aware. */
const shapeTable = new Int32Array(0x10000);

/**
 * The characters folded away, as code ranges rather than regular expressions: a page's scan is
 * usually the first to meet them, and comparisons cost nothing to compile.
 */
const inRanges = (code: number, ranges: readonly number[]) => {
  for (let i = 0; i < ranges.length; i += 2) if (code >= ranges[i]! && code <= ranges[i + 1]!) return true;
  return false;
};
/** Soft hyphen, zero-width spaces and joiners, word joiner, byte-order mark. */
const INVISIBLE = [0xad, 0xad, 0x200b, 0x200d, 0x2060, 0x2060, 0xfeff, 0xfeff];
/** JavaScript's \s, and the hyphen-minus. */
const WHITE = [0x09, 0x0d, 0x20, 0x20, 0x2d, 0x2d, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000];
/** Hyphens and dashes, and the minus sign. */
const HYPHENS = [0x2010, 0x2015, 0x2212, 0x2212];
const APOSTROPHES = [0x2018, 0x201b, 0x02bc, 0x02bc, 0x2032, 0x2032, 0xff07, 0xff07];
const QUOTES = [0x201c, 0x201f, 0x2033, 0x2033, 0xab, 0xab, 0xbb, 0xbb, 0xff02, 0xff02];

function shapeOf(code: number): number {
  const cached = shapeTable[code]! - STORED_OFFSET;
  if (cached !== UNKNOWN) return cached;
  let shaped: number;
  if (code === BLOCK_BREAK_CODE) shaped = BREAK;
  else if (inRanges(code, INVISIBLE)) shaped = SKIP;
  else if (inRanges(code, WHITE) || inRanges(code, HYPHENS)) shaped = SPACE;
  else if (inRanges(code, APOSTROPHES)) shaped = 0x27;
  else if (inRanges(code, QUOTES)) shaped = 0x22;
  else if (code === 0xff0c) shaped = 0x2c; // full-width comma, as in 光復香港，時代革命
  else shaped = code;
  shapeTable[code] = shaped + STORED_OFFSET;
  return shaped;
}

function foldOf(code: number): number {
  const cached = foldTable[code]! - STORED_OFFSET;
  if (cached !== UNKNOWN) return cached;
  const shaped = shapeOf(code);
  let folded = shaped;
  if (shaped >= 0) {
    const lower = String.fromCharCode(shaped).toLowerCase();
    // Some capitals lower-case to two units (İ): keep those as they are.
    if (lower.length === 1) folded = lower.charCodeAt(0);
  }
  foldTable[code] = folded + STORED_OFFSET;
  return folded;
}

/** The folded form of a phrase, as the automaton sees it (also used to compare aliases). */
export function foldPhrase(text: string, keepCase = false): string {
  let out = '';
  let lastWasSpace = true;
  for (let i = 0; i < text.length; i++) {
    const f = keepCase ? shapeOf(text.charCodeAt(i)) : foldOf(text.charCodeAt(i));
    if (f === SKIP) continue;
    if (f === BREAK || f === SPACE) {
      if (!lastWasSpace) out += ' ';
      lastWasSpace = true;
      continue;
    }
    out += String.fromCharCode(f);
    lastWasSpace = false;
  }
  return out.trimEnd();
}

const WORD = /[\p{L}\p{N}_]/u;
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
/** The letters and digits among Latin-1's signs: ª ² ³ µ ¹ º ¼ ½ ¾. */
const LATIN1_WORD_SIGNS = [0xaa, 0xb2, 0xb3, 0xb5, 0xb9, 0xba, 0xbc, 0xbd, 0xbe];
/** 0 = not yet known, 1 = not a word unit, 2 = a word unit. */
const wordTable = new Int8Array(0x10000);

/** A letter or digit of a script that separates words with spaces (so CJK is never a "word" char). */
export function isWordUnit(code: number): boolean {
  let v = wordTable[code]!;
  if (v === 0) {
    const ch = String.fromCharCode(code);
    // Western text answered without the Unicode-property expressions (which cost time to compile
    // on a page that may never need them); the same answers, checked against them in the tests.
    let word: boolean;
    if (code < 0x80) word = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
    else if (code < 0xc0) word = LATIN1_WORD_SIGNS.includes(code);
    else if (code < 0x250) word = code !== 0xd7 && code !== 0xf7;
    else if (code >= 0x2000 && code <= 0x206f) word = false; // General Punctuation
    // Hiragana, CJK ideographs (Extension A, Yijing signs, the Unified block), Hangul syllables and
    // CJK compatibility ideographs: unspaced scripts, or no letters at all. Chinese aliases start
    // and end with these, and compiling the expressions was a third of a first scan's matching on
    // a page that names one (the demo article's, cold, in Node: 3.3–3.5 ms before, 2.0–2.8 after).
    else if ((code >= 0x3041 && code <= 0x309f) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff)) word = false;
    // Surrogates count as letters, so that an astral letter glued to an alias blocks it.
    else word = (code >= 0xd800 && code <= 0xdfff) || (WORD.test(ch) && !UNSPACED_SCRIPT.test(ch));
    v = word ? 2 : 1;
    wordTable[code] = v;
  }
  return v === 2;
}

export interface CompiledPattern extends Pattern {
  /** Length in folded units. */
  length: number;
  /** Folded but case-kept form, for case-aware checks. */
  shaped: string;
  needsLeftBoundary: boolean;
  needsRightBoundary: boolean;
}

/** What the automaton needs of a pattern besides its text; undefined for a text that folds to nothing. */
function compilePattern(pattern: Pattern, folded = foldPhrase(pattern.text)): CompiledPattern | undefined {
  if (!folded) return undefined;
  return {
    ...pattern,
    length: folded.length,
    shaped: foldPhrase(pattern.text, true),
    needsLeftBoundary: isWordUnit(folded.charCodeAt(0)),
    needsRightBoundary: isWordUnit(folded.charCodeAt(folded.length - 1)),
  };
}

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

/** Bumped whenever the compiled form changes shape. */
const COMPILED_FORMAT = 3;

function toBase64(array: Int32Array | Uint16Array): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A table of states, edges or patterns, in the width `compile` chose. */
function tableToBase64(table: Int32Array, bits: 16 | 32): string {
  return toBase64(bits === 16 ? Uint16Array.from(table) : table);
}

function tableFromBase64(text: string, bits: 16 | 32): Int32Array<ArrayBuffer> {
  const bytes = fromBase64(text);
  return bits === 16 ? Int32Array.from(new Uint16Array(bytes.buffer)) : new Int32Array(bytes.buffer);
}

const charsOf = (patterns: readonly Pattern[]) => patterns.reduce((sum, p) => sum + p.text.length + p.entityId.length, 0);

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  // Native where the engine has it (Chrome 140, Firefox 133); a copy loop elsewhere.
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (native) return native.call(Uint8Array, text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

interface Candidate {
  start: number;
  end: number;
  pattern: CompiledPattern;
}

export class Matcher {
  /** The patterns as given, in order: the automaton's outputs (and the compiled form) name them by index. */
  private readonly patterns: readonly Pattern[];
  /**
   * Each pattern's folded length, shape and boundary flags, worked out when an automaton loaded from
   * its compiled form first meets the pattern (a page meets a few of them).
   */
  private readonly shapes: (CompiledPattern | undefined)[] = [];
  /**
   * Edges of the trie, compressed: state `s`'s edges are `edgeUnit[k]` → `edgeNext[k]` for k from
   * `edgeStart[s]` to `edgeStart[s + 1]` (most states have one or two). Plain typed arrays keep the
   * hot loop cheap even before the engine has optimised it, which a page's one scan mostly is.
   */
  private edgeStart = new Int32Array(2);
  private edgeUnit = new Uint16Array(0);
  private edgeNext = new Int32Array(0);
  /** The root's edges as a flat table: most characters are read at the root. */
  private readonly rootEdges = new Int32Array(0x10000);
  private fail: Int32Array = new Int32Array(1);
  /** Units that occur in some alias; any other unit sends the automaton back to its root. */
  private readonly inAlphabet = new Uint8Array(0x10000);
  /**
   * Patterns that end at each state, including those reached through failure links: state `s`'s
   * are `outList[k]` for k from `outStart[s]` to `outStart[s + 1]`.
   */
  private outStart = new Int32Array(2);
  private outList = new Int32Array(0);
  private positions = new Int32Array(1024);
  /** Where the automaton reached a state with outputs: (offset, state, folded count) triples. */
  private hits = new Int32Array(3 * 1024);
  /** Per unit, what it does at the root: 0 until worked out, then ROOT_READ, ROOT_SKIP… */
  private readonly rootKind = new Uint8Array(0x10000);

  /**
   * Compiles `patterns`, or loads an automaton compiled from them before (at build time, so that a
   * page does not pay for compiling: 20,000 aliases take about half a second).
   */
  constructor(patterns: readonly Pattern[], compiled?: CompiledMatcher) {
    this.patterns = patterns;
    if (compiled) {
      this.load(compiled);
      return;
    }
    // While building, edges are found by key: `state * 128 + unit` for ASCII (a small integer that
    // hashes fast), `state * 0x10000 + unit` for the rest.
    const asciiEdges = new Map<number, number>();
    const edges = new Map<number, number>();
    const children: number[][] = [[]];
    const ownOutput: number[][] = [[]];
    let stateCount = 1;
    for (let index = 0; index < patterns.length; index++) {
      const pattern = patterns[index]!;
      const folded = foldPhrase(pattern.text);
      // A text that folds to nothing keeps its place (and index) but never ends a state.
      if (!folded) continue;
      this.shapes[index] = compilePattern(pattern, folded);
      let state = 0;
      for (let i = 0; i < folded.length; i++) {
        const unit = folded.charCodeAt(i);
        this.inAlphabet[unit] = 1;
        const map = unit < 128 ? asciiEdges : edges;
        const key = unit < 128 ? state * 128 + unit : state * 0x10000 + unit;
        let next = map.get(key);
        if (next === undefined) {
          next = stateCount++;
          map.set(key, next);
          children[state]!.push(folded.charCodeAt(i), next);
          children.push([]);
          ownOutput.push([]);
        }
        state = next;
      }
      ownOutput[state]!.push(index);
    }

    for (let i = 0; i < children[0]!.length; i += 2) {
      this.rootEdges[children[0]![i]!] = children[0]![i + 1]!;
    }
    this.edgeStart = new Int32Array(stateCount + 1);
    this.edgeUnit = new Uint16Array(stateCount - 1);
    this.edgeNext = new Int32Array(stateCount - 1);
    for (let state = 0, k = 0; state < stateCount; state++) {
      this.edgeStart[state] = k;
      const kids = children[state]!;
      for (let i = 0; i < kids.length; i += 2, k++) {
        this.edgeUnit[k] = kids[i]!;
        this.edgeNext[k] = kids[i + 1]!;
      }
      this.edgeStart[state + 1] = k;
    }

    // Breadth-first: each state's failure link is the longest proper suffix that is also a state.
    this.fail = new Int32Array(stateCount);
    const output: (number[] | undefined)[] = new Array(stateCount);
    const queue: number[] = [];
    for (let i = 1; i < children[0]!.length; i += 2) queue.push(children[0]![i]!);
    for (const s of queue) output[s] = ownOutput[s]!.length ? ownOutput[s] : undefined;
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const kids = children[state]!;
      for (let i = 0; i < kids.length; i += 2) {
        const unit = kids[i]!;
        const child = kids[i + 1]!;
        let f = this.fail[state]!;
        let target = this.step(f, unit);
        while (target === -1 && f !== 0) {
          f = this.fail[f]!;
          target = this.step(f, unit);
        }
        const childFail = target === -1 || target === child ? 0 : target;
        this.fail[child] = childFail;
        const inherited = output[childFail];
        const own = ownOutput[child]!;
        output[child] = own.length ? (inherited ? own.concat(inherited) : own) : inherited;
        queue.push(child);
      }
    }
    this.outStart = new Int32Array(stateCount + 1);
    let outCount = 0;
    for (let state = 0; state < stateCount; state++) outCount += output[state]?.length ?? 0;
    this.outList = new Int32Array(outCount);
    for (let state = 0, k = 0; state < stateCount; state++) {
      this.outStart[state] = k;
      for (const index of output[state] ?? []) this.outList[k++] = index;
      this.outStart[state + 1] = k;
    }
  }

  /** The automaton as data, to be loaded by `new Matcher(patterns, compiled)` (see `CompiledMatcher`). */
  compile(): CompiledMatcher {
    const rootEdges: number[] = [];
    const alphabet: number[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      if (this.rootEdges[unit]) rootEdges.push(unit, this.rootEdges[unit]!);
      if (this.inAlphabet[unit]) alphabet.push(unit);
    }
    // The largest number the tables hold: the edge and output counts (the ends of edgeStart and
    // outStart) and the state and pattern counts (above any state or pattern index).
    const largest = Math.max(this.edgeUnit.length, this.outList.length, this.fail.length, this.patterns.length);
    const tableBits = largest < 0x10000 ? 16 : 32;
    return {
      format: COMPILED_FORMAT,
      patternCount: this.patterns.length,
      patternChars: charsOf(this.patterns),
      longest: this.longest,
      rootEdges,
      alphabet,
      tableBits,
      edgeStart: tableToBase64(this.edgeStart, tableBits),
      edgeUnit: toBase64(this.edgeUnit),
      edgeNext: tableToBase64(this.edgeNext, tableBits),
      fail: tableToBase64(this.fail, tableBits),
      outStart: tableToBase64(this.outStart, tableBits),
      outList: tableToBase64(this.outList, tableBits),
    };
  }

  private load(c: CompiledMatcher): void {
    if (c.format !== COMPILED_FORMAT) throw new Error(`Unknown compiled matcher format ${String(c.format)}`);
    if (c.tableBits !== 16 && c.tableBits !== 32) throw new Error(`Unknown table width ${String(c.tableBits)}`);
    if (this.patterns.length !== c.patternCount || charsOf(this.patterns) !== c.patternChars) {
      throw new Error('A compiled matcher given other patterns than it was compiled from');
    }
    this.longestLength = c.longest;
    for (let i = 0; i < c.rootEdges.length; i += 2) this.rootEdges[c.rootEdges[i]!] = c.rootEdges[i + 1]!;
    for (const unit of c.alphabet) this.inAlphabet[unit] = 1;
    this.edgeStart = tableFromBase64(c.edgeStart, c.tableBits);
    this.edgeUnit = new Uint16Array(fromBase64(c.edgeUnit).buffer);
    this.edgeNext = tableFromBase64(c.edgeNext, c.tableBits);
    this.fail = tableFromBase64(c.fail, c.tableBits);
    this.outStart = tableFromBase64(c.outStart, c.tableBits);
    this.outList = tableFromBase64(c.outList, c.tableBits);
    const states = this.fail.length;
    if (this.edgeStart.length !== states + 1 || this.outStart.length !== states + 1 || this.edgeUnit.length !== this.edgeNext.length) {
      throw new Error('A compiled matcher whose tables do not fit together');
    }
  }

  /** The longest alias, in folded characters (worked out once: every scan asks). */
  get longest(): number {
    if (this.longestLength < 0) this.longestLength = this.shapes.reduce((max, p) => Math.max(max, p?.length ?? 0), 0);
    return this.longestLength;
  }

  private longestLength = -1;

  /** Only patterns that fold to something end a state, so this is never undefined where it is asked. */
  private patternAt(index: number): CompiledPattern {
    return (this.shapes[index] ??= compilePattern(this.patterns[index]!))!;
  }

  private step(state: number, unit: number): number {
    if (state === 0) return this.rootEdges[unit] || -1;
    for (let k = this.edgeStart[state]!, end = this.edgeStart[state + 1]!; k < end; k++) {
      if (this.edgeUnit[k] === unit) return this.edgeNext[k]!;
    }
    return -1;
  }

  /**
   * Every mention in `text`, leftmost-longest and non-overlapping, in order. Context rules
   * (`requires`) are not applied here: see `applyContext`.
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

function claimOf(pattern: Pattern): Claim {
  const claim: Claim = { entityId: pattern.entityId, alias: pattern.text };
  if (pattern.requires) claim.requires = pattern.requires;
  return claim;
}

/**
 * Which of the claims on some words (a match and its rivals) the page's context upholds, if any: "NPC" counts on a page that
 * also says "China". A claim whose context the page gives beats one that asks for none, so that
 * 蘋果日報 on a page that says 台灣 is Taiwan's Apple Daily, not Hong Kong's.
 */
export function chooseClaim(claims: readonly Claim[], has: (term: string) => boolean): Claim | undefined {
  let unruled: Claim | undefined;
  for (const claim of claims) {
    if (!claim.requires) unruled ??= claim;
    else if (claim.requires.some(has)) return claim;
  }
  return unruled;
}

/**
 * The matches whose context the text gives, each as the claim it upholds (see `chooseClaim`).
 * `context` is the text the rules look in (the page's whole text), or says whether the page has a
 * term.
 */
export function applyContext(matches: Match[], context: string | ((term: string) => boolean)): Match[] {
  const says = typeof context === 'string' ? (term: string) => context.includes(term) : context;
  const seen = new Map<string, boolean>();
  const has = (term: string) => {
    let v = seen.get(term);
    if (v === undefined) {
      v = says(term);
      seen.set(term, v);
    }
    return v;
  };
  const out: Match[] = [];
  for (const m of matches) {
    const claim = chooseClaim(m.rivals ? [m, ...m.rivals] : [m], has);
    if (claim) out.push({ start: m.start, end: m.end, ...claim });
  }
  return out;
}
