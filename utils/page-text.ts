/**
 * Reads a page's visible reading text as one string, with a map back to its text nodes, so that a
 * mention split across inline elements (`<em>Hong Kong</em> national security law`) is found as
 * one and marked with a Range — the page's DOM is only read, never changed.
 */
import { BLOCK_BREAK } from './matcher';

/** Never marked: form fields, code, and what is not text at all. */
export const EXCLUDED_TAGS = [
  'input', 'textarea', 'select', 'option', 'code', 'pre', 'kbd', 'samp', 'script', 'style', 'noscript',
  'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'video', 'audio',
];

/** Page furniture: a "Share on Facebook" button is not a mention of Facebook. */
export const BOILERPLATE_TAGS = ['nav', 'footer', 'button', 'label', 'dialog', 'menu'];
const BOILERPLATE_ROLES = ['navigation', 'button', 'contentinfo', 'menu', 'menubar', 'toolbar', 'tablist', 'dialog', 'search'];
const BOILERPLATE_CLASS_WORDS = [
  'share', 'sharing', 'social', 'newsletter', 'cookie', 'consent', 'related-links',
  // Buttons dressed as links, and sign-in widgets ("Login With Twitter").
  'btn', 'login', 'signin', 'sign-in', 'subscribe',
];
const BOILERPLATE_CLASS = new RegExp(`(^|[\\s_-])(${BOILERPLATE_CLASS_WORDS.join('|')})([\\s_-]|$)`, 'i');

/** Everything whose subtree is never read, as one selector the browser matches natively. */
const REJECTED_SELECTOR = [
  ...EXCLUDED_TAGS,
  ...BOILERPLATE_TAGS,
  ...BOILERPLATE_ROLES.map((r) => `[role="${r}"]`),
  '[hidden]',
  '[aria-hidden="true"]',
  '[style*="display:none" i]',
  '[style*="display: none" i]',
  '[class~="hidden" i]',
  // Editing regions start at an element with the attribute; we never enter their subtree.
  '[contenteditable]:not([contenteditable="false"])',
].join(',');
/** Candidates for boilerplate by class name; checked word by word before they are rejected. */
const CLASS_SELECTOR = BOILERPLATE_CLASS_WORDS.map((w) => `[class*="${w}" i]`).join(',');

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
  /** A selector for our own UI, never read. */
  skip?: string;
}

/** The main article where the page marks one, else the body. */
export function readingRoot(doc: Document): Element | null {
  const main = doc.querySelector('main, [role="main"]');
  if (main) return main;
  const articles = doc.getElementsByTagName('article');
  if (articles.length === 1) return articles[0]!;
  return doc.body;
}

/** The elements under `root` (and `root` itself) whose subtrees are never read. */
function rejectedElements(root: Node, options: CollectOptions): Set<Element> {
  const rejected = new Set<Element>();
  if (!('querySelectorAll' in root)) return rejected;
  const scope = root as ParentNode;
  const selector = options.skip ? `${REJECTED_SELECTOR},${options.skip}` : REJECTED_SELECTOR;
  for (const el of scope.querySelectorAll(selector)) rejected.add(el);
  for (const el of scope.querySelectorAll(CLASS_SELECTOR)) {
    const cls = el.getAttribute('class');
    if (cls !== null && cls.length < 400 && BOILERPLATE_CLASS.test(cls)) rejected.add(el);
  }
  return rejected;
}

function isRejected(el: Element, options: CollectOptions): boolean {
  if (el.matches(REJECTED_SELECTOR) || (options.skip !== undefined && el.matches(options.skip))) return true;
  const cls = el.getAttribute('class');
  return cls !== null && cls.length < 400 && BOILERPLATE_CLASS.test(cls);
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
  /** A text parent's block when its text is read and shown, else null: one lookup per text node. */
  private readonly blockIfShown = new Map<Element, Element | null>();
  /** Whether an element's text may be read: memoised up the parent chain, one check each. */
  private readonly readable = new Map<Element, boolean>();
  private readonly rejected: Set<Element>;
  /** Walkers still to finish: the root's, then one for each open shadow root found. */
  private readonly walkers: TreeWalker[] = [];
  /** Open shadow roots whose text was read (their marks need our styles inside them). */
  readonly shadowRoots: ShadowRoot[] = [];

  constructor(
    private readonly root: Node,
    private readonly options: CollectOptions = {},
  ) {
    const t0 = performance.now();
    this.rejected = rejectedElements(root, options);
    this.walkers.push(this.walk(root));
    // The root itself may be a text node (an incremental scan of one changed node).
    if (root.nodeType === Node.TEXT_NODE) this.add(root as Text);
    // Shadow hosts with no light-DOM text of their own are usually empty: find them natively.
    if ('querySelectorAll' in root) for (const el of (root as ParentNode).querySelectorAll(':empty')) this.visitShadow(el);
    this.prepareMs = performance.now() - t0;
  }

  /** Time spent finding what not to read, before the walk (for the benchmark). */
  readonly prepareMs: number;

  private walk(root: Node): TreeWalker {
    const doc = root.ownerDocument ?? (root as Document);
    // Text nodes only, and no filter callback: a call into JS for every node would cost more
    // than the walk itself. Rejected subtrees are recognised by their text's parents instead.
    return doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  }

  private visitShadow(el: Element): void {
    const shadow = el.shadowRoot;
    if (shadow && !this.shadowRoots.includes(shadow) && !this.rejected.has(el)) {
      this.shadowRoots.push(shadow);
      for (const r of rejectedElements(shadow, this.options)) this.rejected.add(r);
      this.walkers.push(this.walk(shadow));
    }
  }

  /** Whether text directly inside `el` may be read: no rejected element on the way up. */
  private isReadable(el: Element): boolean {
    let verdict = this.readable.get(el);
    if (verdict !== undefined) return verdict;
    const chain: Element[] = [];
    let cur: Element | null = el;
    while (cur && (verdict = this.readable.get(cur)) === undefined) {
      chain.push(cur);
      if (cur === this.root) break;
      cur = cur.parentElement;
    }
    let ok = verdict ?? true;
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i]!;
      if (ok && this.rejected.has(link)) ok = false;
      if (ok) this.visitShadow(link);
      this.readable.set(link, ok);
    }
    return ok;
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

  /** Reads on until done (returns true) or until `shouldStop()` (returns false). */
  run(shouldStop: () => boolean = () => false): boolean {
    let n = 0;
    while (this.walkers.length) {
      const walker = this.walkers[0]!;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        this.add(node as Text);
        if ((++n & 127) === 0 && shouldStop()) return false;
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
    let block = this.blockIfShown.get(parent);
    if (block === undefined) {
      block = null;
      if (this.isReadable(parent)) {
        const b = nearestBlock(parent, this.blockOf);
        // Visibility is asked of the block, not of every inline parent: a fraction of the calls.
        // Inline elements hidden by an inline style or a "hidden" class are rejected up front.
        if (this.isShown(b)) block = b;
      }
      this.blockIfShown.set(parent, block);
    }
    if (block === null) return;
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
    if (isRejected(el, options)) return true;
  }
  return false;
}

function nearestBlock(el: Element, cache: Map<Element, Element>): Element {
  const cached = cache.get(el);
  if (cached) return cached;
  let block: Element = el;
  while (INLINE_TAGS.has(block.tagName) && block.parentElement) block = block.parentElement;
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
