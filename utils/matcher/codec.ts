/**
 * The automaton as JSON-safe data (`CompiledMatcher`, see `match-data.ts`) and back: the build
 * encodes it once, and every page decodes it. Its tables travel as base64 of their bytes, in 16
 * bits while every number fits.
 */
import type { CompiledMatcher } from '../match-data';
import type { Pattern } from './pattern';

/**
 * The automaton's tables, as the matcher runs them. Plain typed arrays keep the hot loop cheap even
 * before the engine has optimised it, which a page's one scan mostly is.
 */
export interface Automaton {
  /** The root's edges as a flat table (unit → state, 0 for none): most characters are read at the root. */
  rootEdges: Int32Array;
  /** Units that occur in some alias (1); any other unit sends the automaton back to its root. */
  inAlphabet: Uint8Array;
  /**
   * Edges of the trie, compressed: state `s`'s edges are `edgeUnit[k]` → `edgeNext[k]` for k from
   * `edgeStart[s]` to `edgeStart[s + 1]` (most states have one or two).
   */
  edgeStart: Int32Array;
  edgeUnit: Uint16Array;
  edgeNext: Int32Array;
  fail: Int32Array;
  /**
   * Patterns that end at each state, including those reached through failure links: state `s`'s
   * are `outList[k]` for k from `outStart[s]` to `outStart[s + 1]`.
   */
  outStart: Int32Array;
  outList: Int32Array;
  /** The longest pattern, in folded units. */
  longest: number;
}

/** Bumped whenever the compiled form changes shape. */
const COMPILED_FORMAT = 3;

const charsOf = (patterns: readonly Pattern[]) => patterns.reduce((sum, p) => sum + p.text.length + p.entityId.length, 0);

/** The automaton built from `patterns`, as data to be decoded with the same patterns. */
export function encodeAutomaton(automaton: Automaton, patterns: readonly Pattern[]): CompiledMatcher {
  const rootEdges: number[] = [];
  const alphabet: number[] = [];
  for (let unit = 0; unit < 0x10000; unit++) {
    if (automaton.rootEdges[unit]) rootEdges.push(unit, automaton.rootEdges[unit]!);
    if (automaton.inAlphabet[unit]) alphabet.push(unit);
  }
  // The largest number the tables hold: the edge and output counts (the ends of edgeStart and
  // outStart) and the state and pattern counts (above any state or pattern index).
  const largest = Math.max(automaton.edgeUnit.length, automaton.outList.length, automaton.fail.length, patterns.length);
  const tableBits = largest < 0x10000 ? 16 : 32;
  return {
    format: COMPILED_FORMAT,
    patternCount: patterns.length,
    patternChars: charsOf(patterns),
    longest: automaton.longest,
    rootEdges,
    alphabet,
    tableBits,
    edgeStart: tableToBase64(automaton.edgeStart, tableBits),
    edgeUnit: toBase64(automaton.edgeUnit),
    edgeNext: tableToBase64(automaton.edgeNext, tableBits),
    fail: tableToBase64(automaton.fail, tableBits),
    outStart: tableToBase64(automaton.outStart, tableBits),
    outList: tableToBase64(automaton.outList, tableBits),
  };
}

/** The automaton that `compiled` holds; throws if it was compiled from other patterns or is damaged. */
export function decodeAutomaton(c: CompiledMatcher, patterns: readonly Pattern[]): Automaton {
  if (c.format !== COMPILED_FORMAT) throw new Error(`Unknown compiled matcher format ${String(c.format)}`);
  if (c.tableBits !== 16 && c.tableBits !== 32) throw new Error(`Unknown table width ${String(c.tableBits)}`);
  if (patterns.length !== c.patternCount || charsOf(patterns) !== c.patternChars) {
    throw new Error('A compiled matcher given other patterns than it was compiled from');
  }
  const rootEdges = new Int32Array(0x10000);
  for (let i = 0; i < c.rootEdges.length; i += 2) rootEdges[c.rootEdges[i]!] = c.rootEdges[i + 1]!;
  const inAlphabet = new Uint8Array(0x10000);
  for (const unit of c.alphabet) inAlphabet[unit] = 1;
  const automaton: Automaton = {
    rootEdges,
    inAlphabet,
    edgeStart: tableFromBase64(c.edgeStart, c.tableBits),
    edgeUnit: new Uint16Array(fromBase64(c.edgeUnit).buffer),
    edgeNext: tableFromBase64(c.edgeNext, c.tableBits),
    fail: tableFromBase64(c.fail, c.tableBits),
    outStart: tableFromBase64(c.outStart, c.tableBits),
    outList: tableFromBase64(c.outList, c.tableBits),
    longest: c.longest,
  };
  const states = automaton.fail.length;
  if (automaton.edgeStart.length !== states + 1 || automaton.outStart.length !== states + 1 || automaton.edgeUnit.length !== automaton.edgeNext.length) {
    throw new Error('A compiled matcher whose tables do not fit together');
  }
  return automaton;
}

function toBase64(array: Int32Array | Uint16Array): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A table of states, edges or patterns, in the width `encodeAutomaton` chose. */
function tableToBase64(table: Int32Array, bits: 16 | 32): string {
  return toBase64(bits === 16 ? Uint16Array.from(table) : table);
}

function tableFromBase64(text: string, bits: 16 | 32): Int32Array<ArrayBuffer> {
  const bytes = fromBase64(text);
  return bits === 16 ? Int32Array.from(new Uint16Array(bytes.buffer)) : new Int32Array(bytes.buffer);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  // Native where the engine has it (Chrome 140, Firefox 133); a copy loop elsewhere.
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (native) return native.call(Uint8Array, text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
