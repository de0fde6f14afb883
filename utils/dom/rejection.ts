/**
 * What Backstory never reads: form fields, code and what is not text, page furniture (by tag, role
 * or class words), hidden elements, editing regions, and our own UI. Checked on the way up from a
 * text node, element by element, never by a selector.
 */
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
export const REJECTED_TAGS = new Set<string>([...EXCLUDED_TAGS, ...BOILERPLATE_TAGS]);
const REJECTED_ROLES = new Set(BOILERPLATE_ROLES);
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

export interface CollectOptions {
  /** A selector for our own UI, never read. */
  skip?: string;
}

/** Our own UI under `root`, never read. */
export function skippedUnder(root: Node, options: CollectOptions): Element[] {
  return options.skip && 'querySelectorAll' in root ? [...(root as ParentNode).querySelectorAll(options.skip)] : [];
}

/** Whether `el`'s own tag, class or attributes keep its subtree from being read. */
function isRejected(el: Element, options: CollectOptions): boolean {
  return ownRejection(el, el.localName) || (options.skip !== undefined && el.matches(options.skip));
}

/** The element's tag, class or attributes reject it (elements with no attribute: the tag only). */
export function ownRejection(el: Element, tag: string): boolean {
  if (REJECTED_TAGS.has(tag)) return true;
  // An id names a part of the page as a class does (<div id="SignatureSN">).
  return el.hasAttributes() && (isRejectedClass(el.getAttribute('class')) || isRejectedClass(el.id) || rejectedForAttributes(el));
}

/** Whether `node` sits somewhere Backstory never reads (checked for nodes added later). */
export function isInsideExcluded(node: Node, stopAt: Node, options: CollectOptions = {}): boolean {
  for (let el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement; el && el !== stopAt; el = el.parentElement) {
    if (isRejected(el, options)) return true;
  }
  return false;
}
