/**
 * Reads a page's visible reading text as one string, with a map back to its text nodes, so that a
 * mention split across inline elements (`<em>Hong Kong</em> national security law`) is found as
 * one and marked with a Range — the page's DOM is only read, never changed.
 */
import { BLOCK_BREAK } from './matcher';

/** Never marked: form fields, code, and what is not text at all. */
export const EXCLUDED_TAGS = new Set([
  'INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'CODE', 'PRE', 'KBD', 'SAMP', 'SCRIPT', 'STYLE', 'NOSCRIPT',
  'TEMPLATE', 'SVG', 'MATH', 'CANVAS', 'IFRAME', 'OBJECT', 'VIDEO', 'AUDIO',
]);

/** Page furniture: a "Share on Facebook" button is not a mention of Facebook. */
export const BOILERPLATE_TAGS = new Set(['NAV', 'FOOTER', 'BUTTON', 'LABEL', 'DIALOG', 'MENU']);
const BOILERPLATE_ROLES = new Set(['navigation', 'button', 'contentinfo', 'menu', 'menubar', 'toolbar', 'tablist', 'dialog', 'search']);
const BOILERPLATE_CLASS = /(^|[\s_-])(share|sharing|social|byline-share|newsletter|cookie|consent|related-links)([\s_-]|$)/i;

/** Tags whose text runs on as one line with its neighbours; everything else starts a block. */
const INLINE_TAGS = new Set([
  'A', 'ABBR', 'B', 'BDI', 'BDO', 'CITE', 'DATA', 'DFN', 'EM', 'FONT', 'I', 'INS', 'DEL', 'MARK', 'Q', 'RUBY',
  'RB', 'RT', 'S', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U', 'VAR', 'WBR', 'NOBR',
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
  /** Our own UI, never read. */
  skip?: (el: Element) => boolean;
}

/** The main article where the page marks one, else the body. */
export function readingRoot(doc: Document): Element | null {
  const main = doc.querySelector('main, [role="main"]');
  if (main) return main;
  const articles = doc.getElementsByTagName('article');
  if (articles.length === 1) return articles[0]!;
  return doc.body;
}

function isBoilerplate(el: Element): boolean {
  if (BOILERPLATE_TAGS.has(el.tagName)) return true;
  const role = el.getAttribute('role');
  if (role && BOILERPLATE_ROLES.has(role)) return true;
  const cls = el.getAttribute('class');
  return cls !== null && cls.length < 400 && BOILERPLATE_CLASS.test(cls);
}

function rejectsSubtree(el: Element, options: CollectOptions): boolean {
  const tag = el.tagName.toUpperCase();
  if (EXCLUDED_TAGS.has(tag)) return true;
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  if ((el as HTMLElement).isContentEditable) return true;
  if (isBoilerplate(el)) return true;
  return options.skip?.(el) ?? false;
}

/**
 * Walks `root`'s visible text, skipping excluded, hidden and boilerplate subtrees. Resumable: `run`
 * stops when `shouldStop` says so (checked every few nodes) and carries on at the next call, so a
 * huge page is read in slices that never block it for long.
 */
export class TextCollector {
  private readonly parts: string[] = [];
  private readonly segments: TextSegment[] = [];
  private length = 0;
  private lastBlock: Element | null = null;
  private readonly blockOf = new Map<Element, Element>();
  private readonly visible = new Map<Element, boolean>();
  /** Walkers still to finish: the root's, then one for each open shadow root met on the way. */
  private readonly walkers: TreeWalker[] = [];
  /** Open shadow roots whose text was read (their marks need our styles inside them). */
  readonly shadowRoots: ShadowRoot[] = [];

  constructor(root: Node, private readonly options: CollectOptions = {}) {
    this.walkers.push(this.walk(root));
    // The root itself may be a text node (an incremental scan of one changed node).
    if (root.nodeType === Node.TEXT_NODE) this.add(root as Text);
  }

  private walk(root: Node): TreeWalker {
    const doc = root.ownerDocument ?? (root as Document);
    const { options, walkers, shadowRoots } = this;
    return doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => {
        if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
        const el = node as Element;
        if (rejectsSubtree(el, options)) return NodeFilter.FILTER_REJECT;
        // Open shadow roots hold text the TreeWalker does not enter: read them after.
        const shadow = el.shadowRoot;
        if (shadow && !options.skip?.(el)) {
          shadowRoots.push(shadow);
          walkers.push(this.walk(shadow));
        }
        return NodeFilter.FILTER_SKIP;
      },
    });
  }

  /** Reads on until done (returns true) or until `shouldStop()` (returns false). */
  run(shouldStop: () => boolean = () => false): boolean {
    let n = 0;
    while (this.walkers.length) {
      const walker = this.walkers[0]!;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        this.add(node as Text);
        if ((++n & 63) === 0 && shouldStop()) return false;
      }
      this.walkers.shift();
    }
    return true;
  }

  result(): PageText {
    return { text: this.parts.join(''), segments: this.segments, shadowRoots: this.shadowRoots };
  }

  private add(textNode: Text): void {
    const data = textNode.data;
    if (data.length === 0) return;
    const parent = textNode.parentElement;
    if (!parent) return;
    let shown = this.visible.get(parent);
    if (shown === undefined) {
      shown = typeof parent.checkVisibility === 'function' ? parent.checkVisibility({ visibilityProperty: true }) : true;
      this.visible.set(parent, shown);
    }
    if (!shown) return;
    const block = nearestBlock(parent, this.blockOf);
    if (block !== this.lastBlock && this.length > 0) {
      this.parts.push(BLOCK_BREAK);
      this.length += 1;
    }
    this.lastBlock = block;
    this.segments.push({ node: textNode, start: this.length });
    this.parts.push(data);
    this.length += data.length;
  }
}

/** Reads all of `root`'s visible text at once. */
export function collectText(root: Node, options: CollectOptions = {}): PageText {
  const collector = new TextCollector(root, options);
  collector.run();
  return collector.result();
}

/** Whether `node` sits somewhere Backstory never reads (checked for nodes added later). */
export function isInsideExcluded(node: Node, stopAt: Node, options: CollectOptions = {}): boolean {
  for (let el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement; el && el !== stopAt; el = el.parentElement) {
    if (rejectsSubtree(el, options)) return true;
  }
  return false;
}

function nearestBlock(el: Element, cache: Map<Element, Element>): Element {
  const cached = cache.get(el);
  if (cached) return cached;
  let block: Element = el;
  while (INLINE_TAGS.has(block.tagName.toUpperCase()) && block.parentElement) block = block.parentElement;
  cache.set(el, block);
  return block;
}

/** The segment holding the character at `offset` (binary search over segment starts). */
function segmentAt(segments: TextSegment[], offset: number): TextSegment {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
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
