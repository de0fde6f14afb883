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

/** Walks `root`'s visible text, skipping excluded, hidden and boilerplate subtrees. */
export function collectText(root: Node, options: CollectOptions = {}): PageText {
  const doc = root.ownerDocument ?? (root as Document);
  const parts: string[] = [];
  const segments: TextSegment[] = [];
  let length = 0;
  let lastBlock: Element | null = null;
  const blockOf = new Map<Element, Element>();
  const visible = new Map<Element, boolean>();

  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
      return rejectsSubtree(node as Element, options) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
    },
  });

  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const textNode = node as Text;
    const data = textNode.data;
    if (data.length === 0) continue;
    const parent = textNode.parentElement;
    if (!parent) continue;
    let shown = visible.get(parent);
    if (shown === undefined) {
      shown = typeof parent.checkVisibility === 'function' ? parent.checkVisibility({ visibilityProperty: true }) : true;
      visible.set(parent, shown);
    }
    if (!shown) continue;
    const block = nearestBlock(parent, blockOf);
    if (block !== lastBlock && length > 0) {
      parts.push(BLOCK_BREAK);
      length += 1;
    }
    lastBlock = block;
    segments.push({ node: textNode, start: length });
    parts.push(data);
    length += data.length;
  }
  return { text: parts.join(''), segments };
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
