/**
 * Which block each text node's text belongs to, and whether it is read at all: rejected subtrees,
 * hidden blocks and links in blocks made mostly of links are not.
 */
import { isHtmlSpace } from '../boilerplate-class';
import { ownRejection, skippedUnder, type CollectOptions } from './rejection';

/**
 * Where an open shadow root may hang whose host shows no text of its own: empty elements, but not
 * the many kinds that cannot host one and are often empty (an SVG icon is hundreds of them).
 */
const SHADOW_HOST_SELECTOR =
  ':empty:not(svg, svg *, math, math *, img, picture, br, hr, wbr, input, select, textarea, button, meta, link, source, track, area, col, embed, object, iframe, canvas, video, audio, td, th, tr, li, a, i, b, em, strong, script, style, template, noscript)';

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
