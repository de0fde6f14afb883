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
import type { Match } from '../../utils/matcher/pattern';
import type { Matcher } from '../../utils/matcher/runtime';
import { styleShadowRoot } from './highlights';
import type { Markable } from './marking';
import type { Slicer } from './slicer';

/** Text is matched in pieces of about this many characters, cut at block boundaries. */
const MATCH_CHUNK_CHARS = 16_000;
/** Context rules look this far into what a long-lived page has added since it loaded. */
const MAX_CONTEXT_CHARS = 2_000_000;
/** A context term counts if one of its first few places in the raw text is read (not a script, menu…). */
const MAX_CONTEXT_TRIES = 20;

export interface Mention extends Markable {
  range: Range;
}

/** How long each phase of a full read took, and how much it read (for the benchmark). */
export type ReadPhases = Record<'prepareMs' | 'readMs' | 'matchMs' | 'closeMs' | 'chars' | 'closeChars', number>;

export class PageReading {
  /**
   * Terms context rules ask for ("requires") that the page was checked for, and those it was found
   * to say. Only the terms of the mentions found are checked: a dataset asks for a hundred.
   */
  private termsChecked = new Set<string>();
  private termsSaid = new Set<string>();
  /** Text read since the full read (added to the page later), where context rules also look. */
  private context = '';

  constructor(
    private readonly matcher: Matcher,
    /** A selector for our own UI, never read. */
    private readonly ours: string,
  ) {}

  /** Forgets what the page was found to say. */
  reset(): void {
    this.context = '';
    this.termsChecked = new Set();
    this.termsSaid = new Set();
  }

  /** Whether the page says `term` (in text that is read, or its title), as far as it was checked. */
  says = (term: string): boolean => this.termsSaid.has(term) || this.context.includes(term);

  /** Reads the whole page under `root` in its two passes (after `reset`); undefined when the slicer was cancelled. */
  async readPage(root: Element, slicer: Slicer): Promise<{ mentions: Mention[]; phases: ReadPhases } | undefined> {
    const blocks = new Blocks(root, { skip: this.ours });
    const mentions: Mention[] = [];
    const phases = { prepareMs: blocks.prepareMs, readMs: 0, matchMs: 0, closeMs: 0, chars: 0, closeChars: 0 };
    const raws: RawText[] = [];
    // The root's tree, then the open shadow roots found in it (more may be found on the way).
    for (let r = 0; r <= blocks.shadowRoots.length; r++) {
      const subtree = r === 0 ? root : blocks.shadowRoots[r - 1]!;
      if (r > 0) styleShadowRoot(blocks.shadowRoots[r - 1]!);
      let t0 = slicer.elapsed();
      const collector = new RawTextCollector(subtree);
      while (!collector.run(slicer.shouldStop)) if (!(await slicer.pause())) return undefined;
      const raw = collector.result();
      raws.push(raw);
      phases.chars += raw.text.length;
      phases.readMs += slicer.elapsed() - t0;
      t0 = slicer.elapsed();
      const spans = await this.occurrences(raw, slicer);
      if (!spans) return undefined;
      phases.matchMs += slicer.elapsed() - t0;
      t0 = slicer.elapsed();
      let readUpTo = -1;
      for (const span of spans) {
        const last = nodeIndexAt(raw, span.end - 1);
        if (last <= readUpTo) continue;
        const around = readAround(blocks, raw, Math.max(nodeIndexAt(raw, span.start), readUpTo + 1), last, readUpTo + 1);
        readUpTo = around.last;
        phases.closeChars += around.page.text.length;
        mentions.push(...toMentions(around.page, this.matcher.find(around.page.text)));
        if (slicer.shouldStop() && !(await slicer.pause())) return undefined;
      }
      phases.closeMs += slicer.elapsed() - t0;
    }
    const t0 = slicer.elapsed();
    if (!(await this.checkTerms(termsOf(mentions), raws, blocks, slicer))) return undefined;
    phases.closeMs += slicer.elapsed() - t0;
    return { mentions, phases };
  }

  /**
   * Reads closely the nodes that changed (none inside another), within `root`; undefined when the
   * slicer was cancelled.
   */
  async readChanged(changed: Iterable<Node>, root: Element, slicer: Slicer): Promise<Mention[] | undefined> {
    const found: Mention[] = [];
    // Thousands of nodes may come at once: checking each costs a walk up its ancestors.
    for (const node of changed) {
      if (slicer.shouldStop() && !(await slicer.pause())) return undefined;
      if (!node.isConnected || !root.contains(node) || isInsideExcluded(node, root, { skip: this.ours })) continue;
      const page = await this.read(node, slicer);
      if (!page) return undefined;
      if (this.context.length < MAX_CONTEXT_CHARS) this.context += BLOCK_BREAK + page.text;
      const matches = await this.match(page, slicer);
      if (!matches) return undefined;
      found.push(...toMentions(page, matches));
    }
    // Terms that mentions found only now ask for: the whole page is read for them once.
    const unchecked = [...termsOf(found)].filter((term) => !this.termsChecked.has(term));
    if (unchecked.length) {
      const collector = new RawTextCollector(root);
      while (!collector.run(slicer.shouldStop)) if (!(await slicer.pause())) return undefined;
      if (!(await this.checkTerms(new Set(unchecked), [collector.result()], new Blocks(root, { skip: this.ours }), slicer))) return undefined;
    }
    return found;
  }

  /**
   * Learns which of `terms` the page says in text that is read, or in its title, which names the
   * site ("… | South China Morning Post": its articles call it "the Post"). A term once checked
   * stays known.
   */
  private async checkTerms(terms: Set<string>, raws: RawText[], blocks: Blocks, slicer: Slicer): Promise<boolean> {
    for (const term of terms) {
      if (this.termsChecked.has(term)) continue;
      this.termsChecked.add(term);
      if (document.title.includes(term) || raws.some((raw) => isSaidInReadText(raw, blocks, term))) this.termsSaid.add(term);
      if (slicer.shouldStop() && !(await slicer.pause())) return false;
    }
    return true;
  }

  /** Where aliases may be mentioned in the raw text (see `Matcher.occurrences`), in order, in slices. */
  private async occurrences(raw: RawText, slicer: Slicer): Promise<Array<{ start: number; end: number }> | undefined> {
    const text = raw.text;
    // Pieces overlap by more than any alias can stretch in raw text (runs of spaces, soft hyphens).
    const overlap = 4 * this.matcher.longest + 64;
    const spans: Array<{ start: number; end: number }> = [];
    for (let start = 0; start < text.length; ) {
      const end = Math.min(text.length, start + MATCH_CHUNK_CHARS);
      for (const o of this.matcher.occurrences(text.slice(start, end + overlap), raw.starts, start)) {
        if (o.start < end - start) spans.push({ start: o.start + start, end: o.end + start });
      }
      start = end;
      if (start < text.length && slicer.shouldStop() && !(await slicer.pause())) return undefined;
    }
    return spans.sort((a, b) => a.start - b.start);
  }

  /** Reads `root`'s text closely, in slices (for what changed: usually a little). */
  private async read(root: Node, slicer: Slicer): Promise<PageText | undefined> {
    const collector = new TextCollector(root, { skip: this.ours });
    while (!collector.run(slicer.shouldStop)) if (!(await slicer.pause())) return undefined;
    const page = collector.result();
    for (const shadow of page.shadowRoots) styleShadowRoot(shadow);
    return page;
  }

  private async match(page: PageText, slicer: Slicer): Promise<Match[] | undefined> {
    const text = page.text;
    const matches: Match[] = [];
    for (let start = 0; start < text.length; ) {
      // Cut at a block break: no mention crosses one, so nothing is lost between pieces.
      let end = Math.min(text.length, start + MATCH_CHUNK_CHARS);
      if (end < text.length) {
        const cut = text.indexOf(BLOCK_BREAK, end);
        end = cut === -1 ? text.length : cut;
      }
      for (const m of this.matcher.find(text.slice(start, end))) matches.push({ ...m, start: m.start + start, end: m.end + start });
      start = end;
      if (start < text.length && slicer.shouldStop() && !(await slicer.pause())) return undefined;
    }
    return matches;
  }
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

/** Whether one of the first places `term` occurs in the raw text is text that is read. */
function isSaidInReadText(raw: RawText, blocks: Blocks, term: string): boolean {
  let at = raw.text.indexOf(term);
  for (let tries = 0; at !== -1 && tries < MAX_CONTEXT_TRIES; tries++) {
    if (blocks.of(raw.nodes[nodeIndexAt(raw, at)]!) !== null) return true;
    at = raw.text.indexOf(term, at + 1);
  }
  return false;
}
