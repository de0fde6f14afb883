/**
 * One Aho–Corasick automaton for every alias: a scan costs time in proportion to the text, not to
 * the number of aliases. Text is folded as it is read (case, typographic quotes, dashes, runs of
 * white space, invisible characters) so that "TikTok’s", "national\nsecurity law" and
 * "national-security law" are found, and each match is mapped back to offsets in the raw text.
 */

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

export interface Match {
  /** Offsets in the raw text: `text.slice(start, end)` is what was matched. */
  start: number;
  end: number;
  entityId: string;
  /** The alias as written in the dataset (the card says why the text was marked). */
  alias: string;
  requires?: readonly string[];
}

/** Joins text from different blocks (paragraphs, cells…): no match crosses it. */
export const BLOCK_BREAK = '\u2029';

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

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
const WHITE = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000-]/;
const HYPHENS = /[\u2010-\u2015\u2212]/;
const APOSTROPHES = /[\u2018\u2019\u201a\u201b\u02bc\u2032\uff07]/;
const QUOTES = /[\u201c-\u201f\u2033\u00ab\u00bb\uff02]/;

function shapeOf(code: number): number {
  const cached = shapeTable[code]! - STORED_OFFSET;
  if (cached !== UNKNOWN) return cached;
  const ch = String.fromCharCode(code);
  let shaped: number;
  if (ch === BLOCK_BREAK) shaped = BREAK;
  else if (INVISIBLE.test(ch)) shaped = SKIP;
  else if (WHITE.test(ch) || HYPHENS.test(ch)) shaped = SPACE;
  else if (APOSTROPHES.test(ch)) shaped = 0x27;
  else if (QUOTES.test(ch)) shaped = 0x22;
  else if (ch === '\uff0c') shaped = 0x2c; // full-width comma, as in 光復香港，時代革命
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
/** 0 = not yet known, 1 = not a word unit, 2 = a word unit. */
const wordTable = new Int8Array(0x10000);

/** A letter or digit of a script that separates words with spaces (so CJK is never a "word" char). */
function isWordUnit(code: number): boolean {
  let v = wordTable[code]!;
  if (v === 0) {
    const ch = String.fromCharCode(code);
    // Surrogates count as letters, so that an astral letter glued to an alias blocks it.
    const word = (code >= 0xd800 && code <= 0xdfff) || (WORD.test(ch) && !UNSPACED_SCRIPT.test(ch));
    v = word ? 2 : 1;
    wordTable[code] = v;
  }
  return v === 2;
}

interface CompiledPattern extends Pattern {
  /** Length in folded units. */
  length: number;
  /** Folded but case-kept form, for case-aware checks. */
  shaped: string;
  needsLeftBoundary: boolean;
  needsRightBoundary: boolean;
}

interface Candidate {
  start: number;
  end: number;
  pattern: CompiledPattern;
}

export class Matcher {
  private readonly patterns: CompiledPattern[] = [];
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
  /** Patterns that end at each state, including those reached through failure links. */
  private output: (number[] | undefined)[] = [];

  constructor(patterns: readonly Pattern[]) {
    // While building, edges are found by key: `state * 128 + unit` for ASCII (a small integer that
    // hashes fast), `state * 0x10000 + unit` for the rest.
    const asciiEdges = new Map<number, number>();
    const edges = new Map<number, number>();
    const children: number[][] = [[]];
    const ownOutput: number[][] = [[]];
    let stateCount = 1;
    for (const pattern of patterns) {
      const folded = foldPhrase(pattern.text);
      if (!folded) continue;
      const index = this.patterns.length;
      const first = folded.charCodeAt(0);
      const last = folded.charCodeAt(folded.length - 1);
      this.patterns.push({
        ...pattern,
        length: folded.length,
        shaped: foldPhrase(pattern.text, true),
        needsLeftBoundary: isWordUnit(first),
        needsRightBoundary: isWordUnit(last),
      });
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
    this.output = new Array(stateCount);
    const queue: number[] = [];
    for (let i = 1; i < children[0]!.length; i += 2) queue.push(children[0]![i]!);
    for (const s of queue) this.output[s] = ownOutput[s]!.length ? ownOutput[s] : undefined;
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
        const inherited = this.output[childFail];
        const own = ownOutput[child]!;
        this.output[child] = own.length ? (inherited ? own.concat(inherited) : own) : inherited;
        queue.push(child);
      }
    }
  }

  get size(): number {
    return this.patterns.length;
  }

  /** The longest alias, in folded characters. */
  get longest(): number {
    let longest = 0;
    for (const p of this.patterns) longest = Math.max(longest, p.length);
    return longest;
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
    for (const c of candidates) {
      if (c.start < reach) continue;
      reach = c.end;
      if (c.pattern.block) continue;
      const match: Match = { start: c.start, end: c.end, entityId: c.pattern.entityId, alias: c.pattern.text };
      if (c.pattern.requires) match.requires = c.pattern.requires;
      matches.push(match);
    }
    return matches;
  }

  /**
   * Where some alias occurs in `text` as folded letters, without the word-boundary and case checks
   * (so overlapping and in no particular order): a superset of what `find` accepts in any text
   * `text` was cut from. Used to find, in a page's raw text, the few places worth reading closely.
   */
  occurrences(text: string): Array<{ start: number; end: number }> {
    return this.candidates(text, true);
  }

  private candidates(text: string, loose = false): Candidate[] {
    const found: Candidate[] = [];
    // positions[k] = raw offset of the k-th folded unit, to map matches back to the raw text.
    const positions = new Int32Array(text.length);
    // Hot loop: locals, and the fold table read inline (a page scan runs it once, mostly cold).
    const { rootEdges, edgeStart, edgeUnit, edgeNext, fail, output, inAlphabet } = this;
    const length = text.length;
    let folded = 0;
    let state = 0;
    let lastWasSpace = true;
    for (let i = 0; i < length; i++) {
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

      const out = output[state];
      if (out === undefined) continue;
      for (const index of out) {
        const pattern = this.patterns[index]!;
        const start = positions[folded - pattern.length]!;
        const candidate = { start, end: i + 1, pattern };
        if (loose || this.accepts(text, candidate, positions, folded)) found.push(candidate);
      }
    }
    return found;
  }

  private accepts(text: string, c: Candidate, positions: Int32Array, folded: number): boolean {
    const p = c.pattern;
    if (p.needsLeftBoundary && c.start > 0 && isWordUnit(text.charCodeAt(c.start - 1))) return false;
    if (p.needsRightBoundary && c.end < text.length && isWordUnit(text.charCodeAt(c.end))) return false;
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

/**
 * Drops matches whose alias needs context the text does not give. `context` is the text the rule
 * looks in (the page's whole text), or says whether the page has a term: "NPC" counts on a page
 * that also says "China".
 */
export function applyContext<T extends { requires?: readonly string[] }>(matches: T[], context: string | ((term: string) => boolean)): T[] {
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
  return matches.filter((m) => !m.requires || m.requires.some(has));
}
