/**
 * Reads a page's visible reading text as one string, with a map back to its text nodes, so that a
 * mention split across inline elements (`<em>Hong Kong</em> national security law`) is found as
 * one and marked with a Range — the page's DOM is only read, never changed.
 */
import { BLOCK_BREAK } from '../matcher/fold';
import { isHtmlSpace, isRejectedClass } from '../boilerplate-class';

/** Never marked: form fields, code, and what is not text at all. */
export const EXCLUDED_TAGS = [
  'input', 'textarea', 'select', 'option', 'code', 'pre', 'kbd', 'samp', 'script', 'style', 'noscript',
  'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'video', 'audio',
];

/** Page furniture: a "Share on Facebook" button is not a mention of Facebook. */
export const BOILERPLATE_TAGS = ['nav', 'footer', 'aside', 'button', 'label', 'dialog', 'menu'];
const BOILERPLATE_ROLES = ['navigation', 'button', 'contentinfo', 'complementary', 'menu', 'menubar', 'toolbar', 'tablist', 'dialog', 'search'];

/** Rejected by tag name: checked on the way up from each text node, never by a selector. */
const REJECTED_TAGS = new Set<string>([...EXCLUDED_TAGS, ...BOILERPLATE_TAGS]);
const REJECTED_ROLES = new Set(BOILERPLATE_ROLES);
/**
 * Where an open shadow root may hang whose host shows no text of its own: empty elements, but not
 * the many kinds that cannot host one and are often empty (an SVG icon is hundreds of them).
 */
const SHADOW_HOST_SELECTOR =
  ':empty:not(svg, svg *, math, math *, img, picture, br, hr, wbr, input, select, textarea, button, meta, link, source, track, area, col, embed, object, iframe, canvas, video, audio, td, th, tr, li, a, i, b, em, strong, script, style, template, noscript)';

/** Whether an inline style says `display: none` (read by hand, like class words: no expression to compile). */
export function hidesByStyle(style: string): boolean {
  const lower = style.toLowerCase();
  for (let at = lower.indexOf('display'); at !== -1; at = lower.indexOf('display', at + 1)) {
    let i = at + 'display'.length;
    while (isHtmlSpace(lower.charCodeAt(i))) i++;
    if (lower.charCodeAt(i) !== 0x3a) continue;
    i++;
    while (isHtmlSpace(lower.charCodeAt(i))) i++;
    if (lower.startsWith('none', i)) return true;
  }
  return false;
}

function rejectedForAttributes(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  const role = el.getAttribute('role');
  if (role !== null && REJECTED_ROLES.has(role)) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  if (style !== null && hidesByStyle(style)) return true;
  // Editing regions start at an element with the attribute; we never enter their subtree.
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable.toLowerCase() !== 'false';
}

/**
 * A block whose text is at least this much link text is page furniture where its links are
 * concerned (jusText and boilerpipe judge blocks by the same signal): the headline of a teaser
 * with its date, a numbered list of other stories.
 */
const LINK_FURNITURE_SHARE = 0.5;
/** Menus, teasers and promos are short: a block longer than this (in non-space characters) is not one. */
const LINK_FURNITURE_MAX_CHARS = 2000;

/** How many characters of `text` are not white space (markup's indentation is no text). */
function inkLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!isHtmlSpace(text.charCodeAt(i))) n++;
  return n;
}

/** Tags whose text runs on as one line with its neighbours; everything else starts a block. */
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'dfn', 'em', 'font', 'i', 'ins', 'del', 'mark', 'q', 'ruby',
  'rb', 'rt', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'nobr',
]);

export interface TextSegment {
  node: Text;
  /** Offset of the node's first character in the joined text. */
  start: number;
}

export interface PageText {
  text: string;
  segments: TextSegment[];
  shadowRoots: ShadowRoot[];
}

export interface CollectOptions {
  /** A selector for our own UI, never read. */
  skip?: string;
}

/** The main article where the page marks one, else the body. */
export function readingRoot(doc: Document): Element | null {
  // Only one main: some pages have a second, around their masthead, before the article's.
  const mains = doc.querySelectorAll('main, [role="main"]');
  if (mains.length > 0 && [...mains].every((m) => mains[0]!.contains(m))) return mains[0]!;
  const articles = doc.getElementsByTagName('article');
  if (articles.length === 1) return articles[0]!;
  return doc.body;
}

/** Our own UI under `root`, never read. */
function skippedUnder(root: Node, options: CollectOptions): Element[] {
  return options.skip && 'querySelectorAll' in root ? [...(root as ParentNode).querySelectorAll(options.skip)] : [];
}

/** Whether `el`'s own tag, class or attributes keep its subtree from being read. */
function isRejected(el: Element, options: CollectOptions): boolean {
  return ownRejection(el, el.localName) || (options.skip !== undefined && el.matches(options.skip));
}

/** The element's tag, class or attributes reject it (elements with no attribute: the tag only). */
function ownRejection(el: Element, tag: string): boolean {
  if (REJECTED_TAGS.has(tag)) return true;
  // An id names a part of the page as a class does (<div id="SignatureSN">).
  return el.hasAttributes() && (isRejectedClass(el.getAttribute('class')) || isRejectedClass(el.id) || rejectedForAttributes(el));
}

/**
 * What under `root` may be read, and which block each text node's text belongs to: decided per
 * element on the way up from a text node, and memoised, so each element is looked at once. Also
 * finds the open shadow roots whose text is read.
 */
export class Blocks {
  private readonly visible = new Map<Element, boolean>();
  /** A text parent's block when its text is read and shown, else null: one lookup per text node. */
  private readonly blockIfShown = new Map<Element, Element | null>();
  /**
   * An element's block (itself, or for inline elements the nearest block around it) when its text
   * may be read, null when it sits in a rejected subtree.
   */
  private readonly blockIfReadable = new Map<Element, Element | null>();
  /** Our own UI; everything else is checked element by element on the way up. */
  private readonly skipped: Set<Element>;
  /** The element reading starts in: the root, or a text root's parent. */
  private readonly top: Element | null;
  /** Open shadow roots to read, in the order found (their marks need our styles inside them). */
  readonly shadowRoots: ShadowRoot[] = [];
  /** Each block's share of text inside links, worked out for blocks that hold a link with a mention. */
  private readonly linkShare = new Map<Element, number>();
  /** Time spent finding what not to read, before any text is read (for the benchmark). */
  readonly prepareMs: number;

  constructor(
    root: Node,
    private readonly options: CollectOptions = {},
  ) {
    const t0 = performance.now();
    this.top = root.nodeType === Node.ELEMENT_NODE ? (root as Element) : root.parentElement;
    this.skipped = new Set(skippedUnder(root, options));
    // Shadow hosts with no light-DOM text of their own are usually empty: find them natively
    // (a host is read unless something on its way up is rejected).
    if ('querySelectorAll' in root) for (const el of (root as ParentNode).querySelectorAll(SHADOW_HOST_SELECTOR)) if (el.shadowRoot) this.readableBlock(el);
    this.prepareMs = performance.now() - t0;
  }

  /** The block whose text `node` joins, or null when it is not read (rejected or hidden). */
  of(node: Text): Element | null {
    const parent = node.parentElement;
    if (!parent) return null;
    let block = this.blockIfShown.get(parent);
    if (block === undefined) {
      block = this.readableBlock(parent);
      // Visibility is asked of the block, not of every inline parent: a fraction of the calls.
      // Inline elements hidden by an inline style or a "hidden" class are rejected up front.
      if (block !== null && (!this.isShown(block) || this.isLinkFurniture(parent, block))) block = null;
      this.blockIfShown.set(parent, block);
    }
    return block;
  }

  private visitShadow(el: Element): void {
    const shadow = el.shadowRoot;
    if (shadow && !this.shadowRoots.includes(shadow)) {
      this.shadowRoots.push(shadow);
      for (const r of skippedUnder(shadow, this.options)) this.skipped.add(r);
    }
  }

  /** The block `el`'s text belongs to, or null when a rejected element is on the way up. */
  private readableBlock(el: Element): Element | null {
    let verdict = this.blockIfReadable.get(el);
    if (verdict !== undefined) return verdict;
    const chain: Element[] = [];
    let cur: Element | null = el;
    while (cur && (verdict = this.blockIfReadable.get(cur)) === undefined) {
      chain.push(cur);
      if (cur === this.top) break;
      cur = cur.parentElement;
    }
    // Above the root (or at the top of the document): readable, and no block yet.
    let block: Element | null | undefined = verdict;
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i]!;
      if (block !== null) {
        // The top itself is never rejected: it was chosen, or checked before an incremental scan.
        const tag = link.localName;
        if (link !== this.top && (ownRejection(link, tag) || this.skipped.has(link))) {
          block = null;
        } else {
          if (block === undefined || !INLINE_TAGS.has(tag)) block = link;
          this.visitShadow(link);
        }
      }
      this.blockIfReadable.set(link, block);
    }
    return block ?? null;
  }

  /**
   * Whether text under `parent` is a link in a block made mostly of links: a menu, a list of other
   * stories' headlines, "Find us: Twitter / Facebook", a share icon. A link inside prose is read.
   */
  private isLinkFurniture(parent: Element, block: Element): boolean {
    if (parent.closest('a') === null) return false;
    let share = this.linkShare.get(block);
    if (share === undefined) {
      const all = inkLength(block.textContent);
      let linked = 0;
      if (block.closest('a') !== null) linked = all;
      // A long block is prose, or a container of many: its links are not counted one by one.
      else if (all <= LINK_FURNITURE_MAX_CHARS) for (const link of block.getElementsByTagName('a')) linked += inkLength(link.textContent);
      share = all === 0 ? 0 : linked / all;
      this.linkShare.set(block, share);
    }
    return share >= LINK_FURNITURE_SHARE;
  }

  /**
   * Whether an element is rendered (display:none and content-visibility; the cheaper form of the
   * check: visibility:hidden text is invisible anyway, so nobody hovers it).
   */
  private isShown(el: Element): boolean {
    const cached = this.visible.get(el);
    if (cached !== undefined) return cached;
    // An element with display:contents has no box of its own, so checkVisibility() says false
    // although its text shows: ask its nearest ancestor that has a box (iteratively: wrappers
    // can nest thousands deep).
    const chain: Element[] = [];
    let cur: Element | null = el;
    let shown = true;
    while (cur) {
      const known = this.visible.get(cur);
      if (known !== undefined) {
        shown = known;
        break;
      }
      chain.push(cur);
      shown = typeof cur.checkVisibility === 'function' ? cur.checkVisibility() : true;
      if (shown || getComputedStyle(cur).display !== 'contents') break;
      cur = cur.parentElement;
    }
    for (const link of chain) this.visible.set(link, shown);
    return shown;
  }
}

/** Joins read text nodes into one text, a block break between blocks, with a map back to the nodes. */
class BlockText {
  private readonly parts: string[] = [];
  private readonly segments: TextSegment[] = [];
  private length = 0;
  private lastBlock: Element | null = null;

  add(node: Text, block: Element): void {
    if (node.data.length === 0) return;
    if (block !== this.lastBlock && this.length > 0) {
      this.parts.push(BLOCK_BREAK);
      this.length += 1;
    }
    this.lastBlock = block;
    this.segments.push({ node, start: this.length });
    this.parts.push(node.data);
    this.length += node.data.length;
  }

  result(shadowRoots: ShadowRoot[]): PageText {
    return { text: this.parts.join(''), segments: this.segments, shadowRoots };
  }
}

/**
 * Reads `root`'s visible text, skipping excluded, hidden and boilerplate subtrees, joined per block.
 * Resumable: `run` stops when `shouldStop` says so (checked every few nodes) and carries on at the
 * next call, so a large subtree is read in slices that never block the page for long.
 */
export class TextCollector {
  private readonly text = new BlockText();
  readonly blocks: Blocks;
  private walker: TreeWalker;
  /** How many of the shadow roots found have had their text read. */
  private shadowsRead = 0;

  constructor(root: Node, options: CollectOptions = {}) {
    this.blocks = new Blocks(root, options);
    this.walker = textWalker(root);
    // The root itself may be a text node (an incremental scan of one changed node).
    if (root.nodeType === Node.TEXT_NODE) this.add(root as Text);
  }

  /** Reads on until done (returns true) or until `shouldStop()` (returns false). */
  run(shouldStop: () => boolean = () => false): boolean {
    let n = 0;
    for (;;) {
      for (let node = this.walker.nextNode(); node; node = this.walker.nextNode()) {
        this.add(node as Text);
        if ((++n & 127) === 0 && shouldStop()) return false;
      }
      // Shadow roots found on the way are read after the tree that holds them.
      const shadow = this.blocks.shadowRoots[this.shadowsRead];
      if (!shadow) return true;
      this.shadowsRead++;
      this.walker = textWalker(shadow);
    }
  }

  result(): PageText {
    return this.text.result(this.blocks.shadowRoots);
  }

  private add(textNode: Text): void {
    if (textNode.data.length === 0) return;
    const block = this.blocks.of(textNode);
    if (block !== null) this.text.add(textNode, block);
  }
}

/**
 * Text nodes only, and no filter callback: a call into JS for every node would cost more than the
 * walk itself. What is not read is recognised by the text's parents instead.
 */
function textWalker(root: Node): TreeWalker {
  const doc = root.ownerDocument ?? (root as Document);
  return doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
}

/**
 * A subtree's raw text: every text node's data, in document order, with no look at the elements
 * around it (which is what costs most in reading a page). Mentions are looked for in it first, and
 * only the blocks around what is found are read closely (`readAround`).
 */
export interface RawText {
  text: string;
  nodes: Text[];
  /** Offset of each node's first character in `text`. */
  starts: number[];
}

/** Tags whose text children are never prose: left out of the raw text, cheaply. */
const RAW_SKIPPED = 'script,style,noscript,template';

export class RawTextCollector {
  private readonly parts: string[] = [];
  private readonly nodes: Text[] = [];
  private readonly starts: number[] = [];
  private length = 0;
  private readonly walker: TreeWalker;
  /** Text nodes of scripts and styles (often most of a page's characters, as JSON). */
  private readonly skipped = new Set<Node>();

  constructor(root: Node) {
    this.walker = textWalker(root);
    if ('querySelectorAll' in root) {
      for (const el of (root as ParentNode).querySelectorAll(RAW_SKIPPED)) {
        for (let child = el.firstChild; child; child = child.nextSibling) this.skipped.add(child);
      }
    }
  }

  run(shouldStop: () => boolean = () => false): boolean {
    const skipping = this.skipped.size > 0;
    let n = 0;
    for (let node = this.walker.nextNode() as Text | null; node; node = this.walker.nextNode() as Text | null) {
      if (!(skipping && this.skipped.has(node))) {
        const data = node.data;
        this.nodes.push(node);
        this.starts.push(this.length);
        this.parts.push(data);
        this.length += data.length;
      }
      if ((++n & 255) === 0 && shouldStop()) return false;
    }
    return true;
  }

  result(): RawText {
    return { text: this.parts.join(''), nodes: this.nodes, starts: this.starts };
  }
}

/** The index of the node holding the character at `offset`. */
export function nodeIndexAt(raw: RawText, offset: number): number {
  return lastAtOrBefore(raw.starts.length, (i) => raw.starts[i]!, offset);
}

/** Rejected or hidden text nodes inside a block that reading across them goes over, at most. */
const MAX_SKIPPED_NODES = 64;

/**
 * Reads closely the blocks that hold raw nodes `first`..`last`: from where the first one's block
 * begins (but not before node `from`, where an earlier read stopped) to where the last one's ends,
 * exactly as `TextCollector` would read them. Returns the text and the index of the last node
 * read; no text when one of the nodes is not read at all (a mention is made of read text only).
 */
export function readAround(blocks: Blocks, raw: RawText, first: number, last: number, from = 0): { page: PageText; last: number } {
  const own = new Set<Element>();
  for (let i = first; i <= last; i++) {
    const b = blocks.of(raw.nodes[i]!);
    if (b === null) return { page: { text: '', segments: [], shadowRoots: [] }, last };
    own.add(b);
  }
  // Out to the blocks' ends, over a few rejected or hidden nodes (a button inside a paragraph).
  // A node outside all of the blocks' subtrees ends the reading without a look at its elements:
  // each subtree is one run of the document, and all of them hold a node at or between first and
  // last, so no node further out is in one either.
  const inOwn = (node: Text) => {
    for (const block of own) if (block.contains(node)) return true;
    return false;
  };
  const edge = (start: number, step: number, limit: number) => {
    let end = start;
    let skipped = 0;
    for (let i = start + step; step < 0 ? i >= limit : i <= limit; i += step) {
      if (!inOwn(raw.nodes[i]!)) break;
      const b = blocks.of(raw.nodes[i]!);
      if (b === null) {
        if (++skipped > MAX_SKIPPED_NODES) break;
        continue;
      }
      if (!own.has(b)) break;
      end = i;
      skipped = 0;
    }
    return end;
  };
  first = edge(first, -1, from);
  last = edge(last, 1, raw.nodes.length - 1);
  const text = new BlockText();
  for (let i = first; i <= last; i++) {
    const block = blocks.of(raw.nodes[i]!);
    if (block !== null) text.add(raw.nodes[i]!, block);
  }
  return { page: text.result([]), last };
}

/** Whether `node` sits somewhere Backstory never reads (checked for nodes added later). */
export function isInsideExcluded(node: Node, stopAt: Node, options: CollectOptions = {}): boolean {
  for (let el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement; el && el !== stopAt; el = el.parentElement) {
    if (isRejected(el, options)) return true;
  }
  return false;
}

/** The last of `count` ascending values (`valueAt(i)`) that is at most `value` (binary search). */
function lastAtOrBefore(count: number, valueAt: (i: number) => number, value: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (valueAt(mid) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The segment holding the character at `offset`. */
function segmentAt(segments: TextSegment[], offset: number): TextSegment {
  return segments[lastAtOrBefore(segments.length, (i) => segments[i]!.start, offset)]!;
}

/** A live Range over `[start, end)` of the joined text. */
export function rangeFor(page: PageText, start: number, end: number): Range {
  const first = segmentAt(page.segments, start);
  const last = segmentAt(page.segments, end - 1);
  const range = first.node.ownerDocument.createRange();
  range.setStart(first.node, start - first.start);
  range.setEnd(last.node, end - last.start);
  return range;
}
