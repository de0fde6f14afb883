/**
 * The page's mentions: found by scanning, shown through the CSS Custom Highlight API, and looked up
 * by position for hovering. The page's DOM is never written. Scans run in slices so that no task
 * of ours blocks the page for long, and later changes to the page are scanned on their own.
 */
import { chooseClaim } from '../../utils/matcher/context';
import { BLOCK_BREAK } from '../../utils/matcher/fold';
import type { Claim, Match } from '../../utils/matcher/pattern';
import { Matcher } from '../../utils/matcher/runtime';
import {
  Blocks,
  isInsideExcluded,
  nodeIndexAt,
  RawTextCollector,
  rangeFor,
  readAround,
  readingRoot,
  TextCollector,
  type PageText,
  type RawText,
} from '../../utils/dom/page-text';
import { toPatterns } from '../../utils/match-index';
import type { CompiledMatcher, MatchIndex, MatchIndexEntry } from '../../utils/match-data';
import type { Settings } from '../../utils/settings';
import type { FoundEntity } from '../../utils/messages';
import { storyWeights } from '../../utils/story';
import highlightCss from '../../assets/highlight.css?inline';
import { yieldToPage } from '../../utils/yield';

export const HIGHLIGHT_NAMES = { underline: 'backstory-underline', background: 'backstory-background' } as const;
export const SCAN_MEASURE = 'backstory:scan';
/** The longest stretch of work before giving the page its turn (a long task is 50 ms). */
export const SLICE_MS = 8;
/** Text is matched in pieces of about this many characters, cut at block boundaries. */
const MATCH_CHUNK_CHARS = 16_000;
/** Context rules look this far into what a long-lived page has added since it loaded. */
const MAX_CONTEXT_CHARS = 2_000_000;
/** A context term counts if one of its first few places in the raw text is read (not a script, menu…). */
const MAX_CONTEXT_TRIES = 20;

export interface Mention {
  range: Range;
  /** The entity the page's context gives these words (the first claim until then). */
  entityId: string;
  /** The alias that matched, as the dataset writes it. */
  alias: string;
  /** Every entity's claim on these words, with the words each asks the page to also say. */
  claims: readonly Claim[];
  /** Whether it counts: its entity is wanted and the page gives the context it needs. */
  counted: boolean;
  /** Whether it is shown (first mention only, unless the reader wants all). */
  marked: boolean;
}

/** Runs work in slices; tracks the time spent working (not waiting) and the longest slice. */
class Slicer {
  private sliceStart = performance.now();
  workMs = 0;
  longestMs = 0;
  slices = 1;

  constructor(private readonly isCancelled: () => boolean) {}

  shouldStop = (): boolean => performance.now() - this.sliceStart > SLICE_MS;

  async pause(): Promise<boolean> {
    this.endSlice();
    await yieldToPage();
    this.sliceStart = performance.now();
    this.slices++;
    return !this.isCancelled();
  }

  /** Work time so far, including the slice under way. */
  elapsed(): number {
    return this.workMs + (performance.now() - this.sliceStart);
  }

  endSlice(): void {
    const spent = performance.now() - this.sliceStart;
    this.workMs += spent;
    this.longestMs = Math.max(this.longestMs, spent);
    this.sliceStart = performance.now();
  }
}

export class Mentions {
  private readonly matcher: Matcher;
  private readonly entries: Map<string, MatchIndexEntry>;
  private all: Mention[] = [];
  /** Text node → mentions that touch it, for hit-testing. */
  private byNode = new Map<Node, Mention[]>();
  /**
   * Terms context rules ask for ("requires") that the page was checked for, and those it was found
   * to say. Only the terms of the mentions found are checked: a dataset asks for a hundred.
   */
  private termsChecked = new Set<string>();
  private termsSaid = new Set<string>();
  /** Text read since the full scan (added to the page later), where context rules also look. */
  private context = '';
  private generation = 0;
  scanning = false;

  constructor(
    index: MatchIndex,
    /** The index's aliases, compiled at build time. */
    compiled: CompiledMatcher,
    /** A selector for our own UI, never read. */
    private readonly ours: string,
  ) {
    this.matcher = Matcher.load(toPatterns(index), compiled);
    this.entries = new Map(index.entities.map((e) => [e.id, e]));
  }

  /** Scans the page's reading text and shows what it finds, as the settings say. */
  async scan(doc: Document, settings: Settings): Promise<void> {
    const generation = ++this.generation;
    this.clear();
    this.generation = generation;
    const root = readingRoot(doc);
    if (!root) return;
    const started = performance.now();
    this.scanning = true;
    const slicer = new Slicer(() => generation !== this.generation);
    try {
      const found = await this.readClosely(root, slicer);
      if (!found) return;
      this.all = found.mentions;
      const t0 = slicer.elapsed();
      this.refresh(settings);
      slicer.endSlice();
      this.measure(started, slicer, 'full', { ...found.phases, markMs: slicer.workMs - t0 });
    } finally {
      if (generation === this.generation) this.scanning = false;
    }
  }

  /**
   * The full scan. Reading every element of a page costs more than reading its text, so the raw
   * text is read first and the aliases looked for in it; only the blocks around what is found are
   * then read closely (what is rejected or hidden, where blocks begin and end) and matched exactly.
   */
  private async readClosely(root: Element, slicer: Slicer): Promise<{ mentions: Mention[]; phases: Record<string, number> } | undefined> {
    const blocks = new Blocks(root, { skip: this.ours });
    const mentions: Mention[] = [];
    const phases = { prepareMs: blocks.prepareMs, readMs: 0, matchMs: 0, closeMs: 0, chars: 0, closeChars: 0 };
    this.termsChecked = new Set();
    this.termsSaid = new Set();
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
        mentions.push(...this.toMentions(around.page, this.matcher.find(around.page.text)));
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
   * Learns which of `terms` the page says in text that is read, or in its title, which names the
   * site ("… | South China Morning Post": its articles call it "the Post"). A term once checked
   * stays known.
   */
  private async checkTerms(terms: Set<string>, raws: RawText[], blocks: Blocks, slicer: Slicer): Promise<boolean> {
    for (const term of terms) {
      if (this.termsChecked.has(term)) continue;
      this.termsChecked.add(term);
      if (document.title.includes(term) || raws.some((raw) => says(raw, blocks, term))) this.termsSaid.add(term);
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

  /** Scans nodes added or changed since the last scan, and drops mentions whose text is gone. */
  async scanChanged(nodes: Node[], settings: Settings): Promise<void> {
    const generation = this.generation;
    const root = readingRoot(document);
    if (!root) return;
    const started = performance.now();
    const slicer = new Slicer(() => generation !== this.generation);
    const changed = topmost(nodes);
    // Mentions already inside a changed subtree are read again with it.
    this.all = this.all.filter((m) => !m.range.collapsed && m.range.startContainer.isConnected && !hasAncestorIn(m.range.startContainer, changed));
    const found: Mention[] = [];
    // Thousands of nodes may come at once: checking each costs a walk up its ancestors.
    for (const node of changed) {
      if (slicer.shouldStop() && !(await slicer.pause())) return;
      if (!node.isConnected || !root.contains(node) || isInsideExcluded(node, root, { skip: this.ours })) continue;
      const page = await this.read(node, slicer);
      if (!page) return;
      if (this.context.length < MAX_CONTEXT_CHARS) this.context += BLOCK_BREAK + page.text;
      const matches = await this.match(page, slicer);
      if (!matches) return;
      found.push(...this.toMentions(page, matches));
    }
    // Terms that mentions found only now ask for: the whole page is read for them once.
    const unchecked = [...termsOf(found)].filter((term) => !this.termsChecked.has(term));
    if (unchecked.length) {
      const collector = new RawTextCollector(root);
      while (!collector.run(slicer.shouldStop)) if (!(await slicer.pause())) return;
      if (!(await this.checkTerms(new Set(unchecked), [collector.result()], new Blocks(root, { skip: this.ours }), slicer))) return;
    }
    this.all = this.all.concat(found).sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));
    this.refresh(settings);
    slicer.endSlice();
    this.measure(started, slicer, 'changes');
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

  private toMentions(page: PageText, matches: Match[]): Mention[] {
    return matches.map((m) => ({
      range: rangeFor(page, m.start, m.end),
      entityId: m.entityId,
      alias: m.alias,
      claims: m.rivals ? [m, ...m.rivals] : [m],
      counted: false,
      marked: false,
    }));
  }

  /** Applies the settings to what was found: which entities, first mention or all, and the style. */
  refresh(settings: Settings): void {
    const hidden = new Set(settings.hiddenEntities);
    const hiddenCategories = new Set(settings.hiddenCategories);
    const has = (term: string) => this.termsSaid.has(term) || this.context.includes(term);
    const seen = new Set<string>();
    for (const m of this.all) {
      const claim = chooseClaim(m.claims, has);
      if (claim) {
        m.entityId = claim.entityId;
        m.alias = claim.alias;
      }
      const entry = this.entries.get(m.entityId);
      m.counted = !!claim && !!entry && !hidden.has(m.entityId) && !hiddenCategories.has(entry.category);
      m.marked = m.counted && (settings.allMentions || !seen.has(m.entityId));
      if (m.counted) seen.add(m.entityId);
    }
    this.indexByNode();
    this.paint(settings);
  }

  private measure(started: number, slicer: Slicer, kind: 'full' | 'changes', phases: Record<string, number> = {}): void {
    performance.measure(SCAN_MEASURE, {
      start: started,
      end: performance.now(),
      detail: { kind, workMs: slicer.workMs, longestSliceMs: slicer.longestMs, slices: slicer.slices, mentions: this.all.length, ...phases },
    });
  }

  private indexByNode(): void {
    this.byNode.clear();
    for (const mention of this.all) {
      if (!mention.marked) continue;
      const { startContainer, endContainer } = mention.range;
      for (const node of startContainer === endContainer ? [startContainer] : textNodesIn(mention.range)) {
        const list = this.byNode.get(node) ?? [];
        list.push(mention);
        this.byNode.set(node, list);
      }
    }
  }

  private paint(settings: Settings): void {
    const registry = CSS.highlights;
    for (const name of Object.values(HIGHLIGHT_NAMES)) registry.delete(name);
    if (settings.markStyle === 'none') return;
    const ranges = this.marked().map((m) => m.range);
    if (ranges.length) registry.set(HIGHLIGHT_NAMES[settings.markStyle], new Highlight(...ranges));
  }

  /** Forgets everything and removes the marks; a scan in progress stops at its next slice. */
  clear(): void {
    this.generation++;
    this.scanning = false;
    this.all = [];
    this.context = '';
    this.termsChecked = new Set();
    this.termsSaid = new Set();
    this.byNode.clear();
    for (const name of Object.values(HIGHLIGHT_NAMES)) CSS.highlights.delete(name);
  }

  /** The marked mention under a point, if any. */
  at(x: number, y: number): Mention | undefined {
    const caret = caretAt(x, y);
    if (!caret) return undefined;
    const candidates = this.byNode.get(caret.node);
    if (!candidates) return undefined;
    for (const m of candidates) {
      if (m.range.collapsed) continue;
      // The caret snaps to the nearest character even past a line's end: check the boxes too.
      for (const rect of m.range.getClientRects()) {
        if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1) return m;
      }
    }
    return undefined;
  }

  /** Marked mentions in document order. */
  marked(): Mention[] {
    return this.all.filter((m) => m.marked && !m.range.collapsed);
  }

  /**
   * Every entity found, in the order the page first names them, with how many times it is
   * mentioned (all mentions, not only marked) and its weight in the page's story.
   */
  found(): FoundEntity[] {
    const counts = new Map<string, number>();
    const order: string[] = [];
    for (const m of this.all) {
      if (!m.counted || m.range.collapsed) continue;
      counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
      order.push(m.entityId);
    }
    const weights = storyWeights(order);
    return [...counts].map(([id, count]) => {
      const e = this.entries.get(id)!;
      return { id, name: e.name, category: e.category, count, weight: weights.get(id) ?? 0 };
    });
  }

  firstOf(entityId: string): Mention | undefined {
    return this.all.find((m) => m.entityId === entityId && m.counted && !m.range.collapsed);
  }
}

/** The terms the context rules of these mentions ask for. */
function termsOf(mentions: Mention[]): Set<string> {
  const terms = new Set<string>();
  for (const m of mentions) for (const claim of m.claims) for (const term of claim.requires ?? []) terms.add(term);
  return terms;
}

/** Whether one of the first places `term` occurs in the raw text is text that is read. */
function says(raw: RawText, blocks: Blocks, term: string): boolean {
  let at = raw.text.indexOf(term);
  for (let tries = 0; at !== -1 && tries < MAX_CONTEXT_TRIES; tries++) {
    if (blocks.of(raw.nodes[nodeIndexAt(raw, at)]!) !== null) return true;
    at = raw.text.indexOf(term, at + 1);
  }
  return false;
}

const styledRoots = new WeakSet<ShadowRoot>();
let shadowSheet: CSSStyleSheet | undefined;

/**
 * A page's stylesheets do not reach into its shadow roots, and neither do ours: our ::highlight()
 * styles join the shadow root's adopted sheets (no element is added to the page).
 */
function styleShadowRoot(root: ShadowRoot): void {
  if (styledRoots.has(root)) return;
  styledRoots.add(root);
  try {
    if (!shadowSheet) {
      shadowSheet = new CSSStyleSheet();
      shadowSheet.replaceSync(highlightCss);
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, shadowSheet];
  } catch {
    // A sheet from our world cannot be adopted here (Firefox's Xray wrappers): marks inside this
    // shadow root stay findable by hover but are not drawn.
  }
}

/**
 * Drops nodes that sit inside another node of the list, in time linear in the nodes and their
 * ancestors: each ancestor is walked past once, then remembered as under a listed node or not.
 */
export function topmost(nodes: Node[]): Set<Node> {
  const listed = new Set(nodes);
  const under = new Set<Node>();
  const clear = new Set<Node>();
  const kept = new Set<Node>();
  for (const node of listed) {
    const path: Node[] = [];
    let covered = false;
    for (let p = node.parentNode; p && !clear.has(p); p = p.parentNode) {
      if (listed.has(p) || under.has(p)) {
        covered = true;
        break;
      }
      path.push(p);
    }
    for (const p of path) (covered ? under : clear).add(p);
    if (!covered) kept.add(node);
  }
  return kept;
}

function hasAncestorIn(node: Node, nodes: Set<Node>): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if (nodes.has(n)) return true;
  return false;
}

function textNodesIn(range: Range): Node[] {
  const nodes: Node[] = [];
  const walker = range.startContainer.ownerDocument!.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
  walker.currentNode = range.startContainer;
  for (let n: Node | null = range.startContainer; n; n = walker.nextNode()) {
    nodes.push(n);
    if (n === range.endContainer) break;
  }
  return nodes;
}

function caretAt(x: number, y: number): { node: Node; offset: number } | undefined {
  if (typeof document.caretPositionFromPoint === 'function') {
    const pos = document.caretPositionFromPoint(x, y);
    return pos ? { node: pos.offsetNode, offset: pos.offset } : undefined;
  }
  // Older Chromium has only the WebKit form.
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : undefined;
}
