/**
 * Builds the Aho–Corasick automaton for a list of patterns: used by the build (which compiles the
 * dataset's aliases once, see `data/tools/vite-plugin.ts`), by tests, and by the background where
 * it must match data of its own. Never by a page: a page loads the build's automaton
 * (`Matcher.load`), and the scanner's bundle does not carry this file.
 */
import type { CompiledMatcher } from '../match-data';
import { encodeAutomaton, type Automaton } from './codec';
import { foldPhrase } from './fold';
import type { Pattern } from './pattern';
import { Matcher } from './runtime';

/** A matcher for `patterns`, built here and now (the page's matcher is loaded: `Matcher.load`). */
export function buildMatcher(patterns: readonly Pattern[]): Matcher {
  return new Matcher(patterns, buildAutomaton(patterns));
}

/** The automaton for `patterns` as data, for `Matcher.load` with the same patterns. */
export function compileMatcher(patterns: readonly Pattern[]): CompiledMatcher {
  return encodeAutomaton(buildAutomaton(patterns), patterns);
}

/** The trie of the patterns' folded texts, with its failure links and each state's outputs. */
export function buildAutomaton(patterns: readonly Pattern[]): Automaton {
  // While building, edges are found by key: `state * 128 + unit` for ASCII (a small integer that
  // hashes fast), `state * 0x10000 + unit` for the rest.
  const asciiEdges = new Map<number, number>();
  const edges = new Map<number, number>();
  const children: number[][] = [[]];
  const ownOutput: number[][] = [[]];
  const inAlphabet = new Uint8Array(0x10000);
  let longest = 0;
  let stateCount = 1;
  for (let index = 0; index < patterns.length; index++) {
    const pattern = patterns[index]!;
    const folded = foldPhrase(pattern.text);
    // A text that folds to nothing keeps its place (and index) but never ends a state.
    if (!folded) continue;
    longest = Math.max(longest, folded.length);
    let state = 0;
    for (let i = 0; i < folded.length; i++) {
      const unit = folded.charCodeAt(i);
      inAlphabet[unit] = 1;
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

  const rootEdges = new Int32Array(0x10000);
  for (let i = 0; i < children[0]!.length; i += 2) {
    rootEdges[children[0]![i]!] = children[0]![i + 1]!;
  }
  const edgeStart = new Int32Array(stateCount + 1);
  const edgeUnit = new Uint16Array(stateCount - 1);
  const edgeNext = new Int32Array(stateCount - 1);
  for (let state = 0, k = 0; state < stateCount; state++) {
    edgeStart[state] = k;
    const kids = children[state]!;
    for (let i = 0; i < kids.length; i += 2, k++) {
      edgeUnit[k] = kids[i]!;
      edgeNext[k] = kids[i + 1]!;
    }
    edgeStart[state + 1] = k;
  }
  const step = (state: number, unit: number): number => {
    if (state === 0) return rootEdges[unit] || -1;
    for (let k = edgeStart[state]!, end = edgeStart[state + 1]!; k < end; k++) {
      if (edgeUnit[k] === unit) return edgeNext[k]!;
    }
    return -1;
  };

  // Breadth-first: each state's failure link is the longest proper suffix that is also a state.
  const fail = new Int32Array(stateCount);
  const output = new Array<number[] | undefined>(stateCount);
  const queue: number[] = [];
  for (let i = 1; i < children[0]!.length; i += 2) queue.push(children[0]![i]!);
  for (const s of queue) output[s] = ownOutput[s]!.length ? ownOutput[s] : undefined;
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    const kids = children[state]!;
    for (let i = 0; i < kids.length; i += 2) {
      const unit = kids[i]!;
      const child = kids[i + 1]!;
      let f = fail[state]!;
      let target = step(f, unit);
      while (target === -1 && f !== 0) {
        f = fail[f]!;
        target = step(f, unit);
      }
      const childFail = target === -1 || target === child ? 0 : target;
      fail[child] = childFail;
      const inherited = output[childFail];
      const own = ownOutput[child]!;
      output[child] = own.length ? (inherited ? own.concat(inherited) : own) : inherited;
      queue.push(child);
    }
  }
  const outStart = new Int32Array(stateCount + 1);
  let outCount = 0;
  for (let state = 0; state < stateCount; state++) outCount += output[state]?.length ?? 0;
  const outList = new Int32Array(outCount);
  for (let state = 0, k = 0; state < stateCount; state++) {
    outStart[state] = k;
    for (const index of output[state] ?? []) outList[k++] = index;
    outStart[state + 1] = k;
  }
  return { rootEdges, inAlphabet, edgeStart, edgeUnit, edgeNext, fail, outStart, outList, longest };
}
