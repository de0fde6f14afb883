/**
 * How the matcher sees text: folded as it is read (case, typographic quotes, dashes, runs of white
 * space, invisible characters), so that "TikTok’s", "national\nsecurity law" and
 * "national-security law" are found; and which units are letters of a word. Each answer is worked
 * out once per UTF-16 unit and kept in a table that the automaton's loop reads directly.
 */
import type { RawPart } from '../messages';

/** Joins text from different blocks (paragraphs, cells…): no match crosses it. */
export const BLOCK_BREAK = '\u2029';
const BLOCK_BREAK_CODE = 0x2029;

/** What a unit folds to besides itself: a space, nothing at all (SKIP), or a block break. */
export const SPACE = 0x20;
export const SKIP = -1;
export const BREAK = -2;
/** Tables store a fold plus this offset, so that a fresh (zeroed) table reads as UNKNOWN. */
export const STORED_OFFSET = 4;
export const UNKNOWN = -STORED_OFFSET;

/** Folds one UTF-16 unit for matching: lower case, one form of quote, dash and space. */
export const foldTable = new Int32Array(0x10000);
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

export function shapeOf(code: number): number {
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

export function foldOf(code: number): number {
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

/**
 * Whether a text is nothing but white space that the matcher reads as spaces (tabs, line breaks,
 * spaces, no-break spaces…) or block breaks. A page sends such a text node as its length alone
 * (`RawPart`, utils/messages.ts), and the background reads it as that many spaces: the same to the
 * matcher, or, for a block break, looser, which the first, loose pass allows. The byte-order mark
 * is white space to JavaScript but folded away (SKIP), so a text holding one is not blank.
 */
export function isBlank(text: string): boolean {
  return text.length > 0 && text.trim() === '' && !text.includes('\ufeff');
}

/**
 * The raw text that a page's parts stand for (blank nodes as that many spaces: the same offsets),
 * and the offsets where its nodes meet.
 */
export function joinRawParts(parts: readonly RawPart[]): { text: string; seams: number[] } {
  const texts: string[] = [];
  const seams: number[] = [];
  let length = 0;
  for (const part of parts) {
    if (texts.length > 0) seams.push(length);
    const text = typeof part === 'number' ? ' '.repeat(part) : part;
    texts.push(text);
    length += text.length;
  }
  return { text: texts.join(''), seams };
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
export const wordTable = new Int8Array(0x10000);

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
    // and end with these, so a page that names one would otherwise compile the expressions in its
    // first scan (docs/performance.md).
    else if ((code >= 0x3041 && code <= 0x309f) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff)) word = false;
    // Surrogates count as letters, so that an astral letter glued to an alias blocks it.
    else word = (code >= 0xd800 && code <= 0xdfff) || (WORD.test(ch) && !UNSPACED_SCRIPT.test(ch));
    v = word ? 2 : 1;
    wordTable[code] = v;
  }
  return v === 2;
}