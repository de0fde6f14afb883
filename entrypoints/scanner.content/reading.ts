/**
 * The reading passes: where on the page the dataset's aliases are mentioned, and whether the page
 * says the words that context rules ask for. Reading every element of a page costs more than
 * reading its text, so a full read takes two passes: the raw text first, where the aliases are
 * looked for loosely, then, only around what was found, the blocks closely (what is rejected or
 * hidden, where blocks begin and end), where they are matched exactly. What changes later is read
 * closely, node by node.
 */
import { Blocks } from '../../utils/dom/blocks';
import { nodeIndexAt, rangeFor } from '../../utils/dom/offsets';
import { RawTextCollector, readAround, TextCollector, type PageText, type RawText } from '../../utils/dom/page-text';
import { isInsideExcluded } from '../../utils/dom/rejection';
import { BLOCK_BREAK } from '../../utils/matcher/fold';
import { claimsOf } from '../../utils/matcher/context';
import { MAX_TERM_PLACES } from '../../utils/matcher/terms';
import type { Match } from '../../utils/matcher/pattern';
import type { RawPart, ResponseFor } from '../../utils/messages';
import { styleShadowRoot } from './highlights';
import type { Markable } from './marking';
import type { Slicer } from './slicer';

/**
 * Text goes to the background in pieces of about this many characters sent: the browser
 * serializes a message in the task that sends it, at tens of nanoseconds a character, and the
 * page gets its turn between pieces. Pieces of 32 K posted faster in all than pieces of 64 K or
 * 16 K (docs/performance.md).
 */
const SEND_CHARS = 32_768;
/** Context rules look this far into what a long-lived page has added since it loaded. */
const MAX_CONTEXT_CHARS = 2_000_000;

export interface Mention extends Markable {
  range: Range;
}

/**
 * The matcher, which runs in the background (`utils/matcher/service.ts`): a page never loads the
 * automaton. Each call rejects when the background cannot answer.
 */
export interface Matching {
  /**
   * Where aliases may be mentioned in a raw text, sent as its nodes' parts: start and end pairs,
   * flat and ascending; where it says the words context rules ask for; and how far a mention or
   * such a word may stretch in raw text.
   */
  occurrences(parts: RawPart[]): Promise<Answer<'occurrences'>>;
  /** The mentions in each text read closely, and the entities they name. */
  matches(texts: string[]): Promise<Answer<'matches'>>;
}

/** What the background answers a request of this type, when it can (the protocol's schema). */
type Answer<K extends 'occurrences' | 'matches'> = Omit<Extract<ResponseFor<K>, { ok: true }>, 'ok'>;
/** An entity of the mentions found: its name and category. */
type FoundEntry = Answer<'matches'>['entities'][number];

/** How long each phase of a full read took on the page, and how much it read (for the benchmark). */
export type ReadPhases = Record<'prepareMs' | 'readMs' | 'matchMs' | 'closeMs' | 'chars' | 'closeChars', number>;

export class PageReading {
  /**
   * Terms context rules ask for ("requires") that the page was checked for, and those it was found
   * to say. Only the terms of the mentions found are checked: a dataset asks for a hundred.
   */
  private termsChecked = new Set<string>();
  private termsSaid = new Set<string>();
  /**
   * Where the full read's raw text says each term context rules ask for: the text nodes of its
   * first places (MAX_TERM_PLACES in each raw text), found by the background with the aliases. A
   * term counts where one of them is read.
   */
  private termNodes = new Map<string, Text[]>();
  /** Text read since the full read (added to the page later), where context rules also look. */
  private context = '';
  /** The entities of the mentions found, by id. */
  readonly entities = new Map<string, FoundEntry>();

  constructor(
    private readonly matching: Matching,
    /** A selector for our own UI, never read. */
    private readonly ours: string,
  ) {}

  /** Forgets what the page was found to say. */
  reset(): void {
    this.context = '';
    this.entities.clear();
    this.termsChecked = new Set();
    this.termsSaid = new Set();
    this.termNodes = new Map();
  }

  /** Whether the page says `term` (in text that is read, or its title), as far as it was checked. */
  says = (term: string): boolean => this.termsSaid.has(term) || this.context.includes(term);

  /** Reads the whole page under `root` in its two passes (after `reset`); undefined when the slicer was cancelled. */
  async readPage(root: Element, slicer: Slicer): Promise<{ mentions: Mention[]; phases: ReadPhases } | undefined> {
    const blocks = new Blocks(root, { skip: this.ours });
    const phases = { prepareMs: blocks.prepareMs, readMs: 0, matchMs: 0, closeMs: 0, chars: 0, closeChars: 0 };
    const around: PageText[] = [];
    // The root's tree, then the open shadow roots found in it (more may be found on the way).
    for (let r = 0; r <= blocks.shadowRoots.length; r++) {
      const subtree = r === 0 ? root : blocks.shadowRoots[r - 1]!;
      if (r > 0) styleShadowRoot(blocks.shadowRoots[r - 1]!);
      let t0 = slicer.elapsed();
      const collector = new RawTextCollector(subtree);
      while (!collector.run(slicer.shouldStop)) if (!(await slicer.pause())) return undefined;
      const raw = collector.result();
      phases.chars += raw.length;
      phases.readMs += slicer.elapsed() - t0;
      t0 = slicer.elapsed();
      const spans = await this.occurrences(raw, slicer);
      if (!spans) return undefined;
      phases.matchMs += slicer.elapsed() - t0;
      t0 = slicer.elapsed();
      let readUpTo = -1;
      for (let k = 0; k < spans.length; k += 2) {
        const last = nodeIndexAt(raw, spans[k + 1]! - 1);
        if (last <= readUpTo) continue;
        const read = readAround(blocks, raw, Math.max(nodeIndexAt(raw, spans[k]!), readUpTo + 1), last, readUpTo + 1);
        readUpTo = read.last;
        phases.closeChars += read.page.text.length;
        if (read.page.text) around.push(read.page);
        if (slicer.shouldStop() && !(await slicer.pause())) return undefined;
      }
      phases.closeMs += slicer.elapsed() - t0;
    }
    const t0 = slicer.elapsed();
    const mentions = await this.mentionsIn(around, slicer);
    if (!mentions) return undefined;
    this.checkTerms(termsOf(mentions), () => blocks);
    phases.closeMs += slicer.elapsed() - t0;
    return { mentions, phases };
  }

  /**
   * Where aliases may be in the raw text (start and end pairs, flat, by start), asked of the
   * background a piece at a time, which also says where the text has the terms context rules ask
   * for (kept in `termNodes`); undefined when the slicer was cancelled.
   */
  private async occurrences(raw: RawText, slicer: Slicer): Promise<number[] | undefined> {
    const pairs: Array<[number, number]> = [];
    const termNodes = new Map<string, Text[]>();
    let reach = 0;
    for (let from = 0; from < raw.length; ) {
      // Each piece after the first begins `reach` before the last one ended, so that a mention
      // across the cut is whole in this one; what ends before the cut was found already.
      const start = Math.max(0, from - reach);
      // Posting a piece takes a few milliseconds: not at the end of a full slice.
      if (slicer.shouldStop() && !(await slicer.pause())) return undefined;
      const { parts, end } = pieceOf(raw, start, from);
      const answer = await slicer.wait(this.matching.occurrences(parts));
      if (!answer) return undefined;
      for (let k = 0; k < answer.spans.length; k += 2) {
        if (start + answer.spans[k + 1]! > from) pairs.push([start + answer.spans[k]!, start + answer.spans[k + 1]!]);
      }
      for (const { term, at } of answer.terms) {
        const nodes = termNodes.get(term) ?? [];
        for (const place of at) {
          if (start + place + term.length > from && nodes.length < MAX_TERM_PLACES) nodes.push(raw.nodes[nodeIndexAt(raw, start + place)]!);
        }
        termNodes.set(term, nodes);
      }
      reach = answer.reach;
      from = end;
    }
    for (const [term, nodes] of termNodes) this.termNodes.set(term, [...(this.termNodes.get(term) ?? []), ...nodes]);
    return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]).flat();
  }

  /**
   * The mentions in texts read closely, matched a few pieces of text per request; undefined when
   * the slicer was cancelled.
   */
  private async mentionsIn(pages: PageText[], slicer: Slicer): Promise<Mention[] | undefined> {
    const pieces = pages.flatMap((page) => piecesOf(page.text).map(([start, end]) => ({ page, start, text: page.text.slice(start, end) })));
    const mentions: Mention[] = [];
    for (let i = 0; i < pieces.length; ) {
      let j = i + 1;
      for (let chars = pieces[i]!.text.length; j < pieces.length && chars + pieces[j]!.text.length <= SEND_CHARS; j++) chars += pieces[j]!.text.length;
      const batch = pieces.slice(i, j);
      const found = await slicer.wait(this.matching.matches(batch.map((p) => p.text)));
      if (!found) return undefined;
      for (const e of found.entities) this.entities.set(e.id, e);
      batch.forEach(({ page, start }, k) => {
        const matches = found.matches[k] ?? [];
        mentions.push(...toMentions(page, start ? matches.map((m) => ({ ...m, start: m.start + start, end: m.end + start })) : matches));
      });
      i = j;
    }
    return mentions;
  }

  /**
   * Reads closely the nodes that changed (none inside another), within `root`; undefined when the
   * slicer was cancelled.
   */
  async readChanged(changed: Iterable<Node>, root: Element, slicer: Slicer): Promise<Mention[] | undefined> {
    const pages: PageText[] = [];
    // Thousands of nodes may come at once: checking each costs a walk up its ancestors.
    for (const node of changed) {
      if (slicer.shouldStop() && !(await slicer.pause())) return undefined;
      if (!node.isConnected || !root.contains(node) || isInsideExcluded(node, root, { skip: this.ours })) continue;
      const page = await this.read(node, slicer);
      if (!page) return undefined;
      if (this.context.length < MAX_CONTEXT_CHARS) this.context += BLOCK_BREAK + page.text;
      if (page.text) pages.push(page);
    }
    const found = await this.mentionsIn(pages, slicer);
    if (!found) return undefined;
    // Terms that mentions found only now ask for: checked where the full read found them (what was
    // added since is in `context`).
    this.checkTerms(termsOf(found), () => new Blocks(root, { skip: this.ours }));
    return found;
  }

  /**
   * Learns which of `terms` the page says in text that is read (where the full read found them), or
   * in its title, which names the site ("… | South China Morning Post": its articles call it "the
   * Post"). A term once checked stays known. `blocksOf` is asked only when a place is to be checked.
   */
  private checkTerms(terms: Set<string>, blocksOf: () => Blocks): void {
    let blocks: Blocks | undefined;
    const read = (node: Text) => node.isConnected && (blocks ??= blocksOf()).of(node) !== null;
    for (const term of terms) {
      if (this.termsChecked.has(term)) continue;
      this.termsChecked.add(term);
      if (document.title.includes(term) || this.termNodes.get(term)?.some(read)) this.termsSaid.add(term);
    }
  }

  /** Reads `root`'s text closely, in slices (for what changed: usually a little). */
  private async read(root: Node, slicer: Slicer): Promise<PageText | undefined> {
    const collector = new TextCollector(root, { skip: this.ours });
    while (!collector.run(slicer.shouldStop)) if (!(await slicer.pause())) return undefined;
    const page = collector.result();
    for (const shadow of page.shadowRoots) styleShadowRoot(shadow);
    return page;
  }
}

/**
 * The piece of the raw text that begins at `start` and ends once about SEND_CHARS characters are
 * sent, but past `from` (where the last piece ended): its nodes' parts, the first and last cut to
 * fit, and where it ends. A blank node is sent as a number, whatever its length.
 */
function pieceOf(raw: RawText, start: number, from: number): { parts: RawPart[]; end: number } {
  const parts: RawPart[] = [];
  let budget = SEND_CHARS;
  for (let i = nodeIndexAt(raw, start); i < raw.parts.length; i++) {
    const part = raw.parts[i]!;
    const at = raw.starts[i]!;
    const begin = Math.max(start, at) - at;
    if (typeof part === 'number') {
      if (budget < 1 && at > from) return { parts, end: at };
      parts.push(part - begin);
      budget = Math.max(0, budget - 1);
      continue;
    }
    const stop = Math.max(from + 1 - at, begin + budget);
    if (stop < part.length) {
      parts.push(part.slice(begin, stop));
      return { parts, end: at + stop };
    }
    parts.push(begin === 0 ? part : part.slice(begin));
    budget -= part.length - begin;
  }
  return { parts, end: raw.length };
}

/** A text cut at block breaks into pieces of about SEND_CHARS: no mention crosses a block break. */
function piecesOf(text: string): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  for (let start = 0; start < text.length; ) {
    const cut = text.length - start > SEND_CHARS ? text.indexOf(BLOCK_BREAK, start + SEND_CHARS) : -1;
    const end = cut === -1 ? text.length : cut;
    pieces.push([start, end]);
    start = end;
  }
  return pieces;
}

function toMentions(page: PageText, matches: Match[]): Mention[] {
  return matches.map((m) => ({
    range: rangeFor(page, m.start, m.end),
    entityId: m.entityId,
    alias: m.alias,
    claims: claimsOf(m),
    counted: false,
    marked: false,
  }));
}

/** The terms the context rules of these mentions ask for. */
function termsOf(mentions: Mention[]): Set<string> {
  const terms = new Set<string>();
  for (const m of mentions) for (const claim of m.claims) for (const term of claim.requires ?? []) terms.add(term);
  return terms;
}
