/**
 * The marks: painted through the CSS Custom Highlight API (the page's DOM is never written), and
 * found again under the pointer for hovering.
 */
import highlightCss from '../../assets/highlight.css?inline';
import type { Settings } from '../../utils/settings';

export const HIGHLIGHT_NAMES = { underline: 'backstory-underline', background: 'backstory-background' } as const;

/** A marked range, with what it stands for. */
interface Marked {
  range: Range;
}

export class Highlights<M extends Marked> {
  /** Text node → marked mentions that touch it, for hit-testing. */
  private readonly byNode = new Map<Node, M[]>();

  /** Shows `marked` (in document order) in the settings' style, and nothing else. */
  paint(marked: M[], style: Settings['markStyle']): void {
    this.byNode.clear();
    for (const mention of marked) {
      const { startContainer, endContainer } = mention.range;
      for (const node of startContainer === endContainer ? [startContainer] : textNodesIn(mention.range)) {
        const list = this.byNode.get(node) ?? [];
        list.push(mention);
        this.byNode.set(node, list);
      }
    }
    const registry = CSS.highlights;
    for (const name of Object.values(HIGHLIGHT_NAMES)) registry.delete(name);
    if (style === 'none') return;
    const ranges = marked.filter((m) => !m.range.collapsed).map((m) => m.range);
    if (ranges.length) registry.set(HIGHLIGHT_NAMES[style], new Highlight(...ranges));
  }

  clear(): void {
    this.byNode.clear();
    for (const name of Object.values(HIGHLIGHT_NAMES)) CSS.highlights.delete(name);
  }

  /** The marked mention under a point, if any. */
  at(x: number, y: number): M | undefined {
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
}

const styledRoots = new WeakSet<ShadowRoot>();
let shadowSheet: CSSStyleSheet | undefined;

/**
 * A page's stylesheets do not reach into its shadow roots, and neither do ours: our ::highlight()
 * styles join the shadow root's adopted sheets (no element is added to the page).
 */
export function styleShadowRoot(root: ShadowRoot): void {
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
