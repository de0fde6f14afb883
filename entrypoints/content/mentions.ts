/**
 * The page's mentions: found by scanning, shown through the CSS Custom Highlight API, and looked up
 * by position for hovering. The page's DOM is never written.
 */
import { applyContext, Matcher } from '../../utils/matcher';
import { collectText, rangeFor, readingRoot, type PageText } from '../../utils/page-text';
import { toPatterns, type MatchIndex, type MatchIndexEntry } from '../../utils/dataset';
import type { Settings } from '../../utils/settings';
import type { FoundEntity } from '../../utils/messages';

export const HIGHLIGHT_NAMES = { underline: 'backstory-underline', background: 'backstory-background' } as const;
export const SCAN_MEASURE = 'backstory:scan';

export interface Mention {
  range: Range;
  entityId: string;
  /** The alias that matched, as the dataset writes it. */
  alias: string;
  /** Whether it is shown (first mention only, unless the reader wants all). */
  marked: boolean;
}

export class Mentions {
  private readonly matcher: Matcher;
  private readonly entries: Map<string, MatchIndexEntry>;
  private all: Mention[] = [];
  /** Text node → mentions that touch it, for hit-testing. */
  private byNode = new Map<Node, Mention[]>();

  constructor(index: MatchIndex, private readonly isOurs: (el: Element) => boolean) {
    this.matcher = new Matcher(toPatterns(index));
    this.entries = new Map(index.entities.map((e) => [e.id, e]));
  }

  entry(id: string): MatchIndexEntry | undefined {
    return this.entries.get(id);
  }

  /** Scans the page and shows what it finds, as the settings say. */
  scan(doc: Document, settings: Settings): void {
    const started = performance.now();
    const root = readingRoot(doc);
    this.clear();
    if (!root) return;
    const page = collectText(root, { skip: this.isOurs });
    const hidden = new Set(settings.hiddenEntities);
    const categories = new Set(settings.categories);
    const matches = applyContext(this.matcher.find(page.text), page.text).filter((m) => {
      const entry = this.entries.get(m.entityId);
      return entry && !hidden.has(m.entityId) && categories.has(entry.category);
    });
    const seen = new Set<string>();
    this.all = matches.map((m) => {
      const marked = settings.allMentions || !seen.has(m.entityId);
      seen.add(m.entityId);
      return { range: rangeFor(page, m.start, m.end), entityId: m.entityId, alias: m.alias, marked };
    });
    this.indexByNode(page);
    this.paint(settings);
    performance.measure(SCAN_MEASURE, { start: started, end: performance.now() });
  }

  private indexByNode(_page: PageText): void {
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
    const ranges = this.all.filter((m) => m.marked && !m.range.collapsed).map((m) => m.range);
    if (ranges.length) registry.set(HIGHLIGHT_NAMES[settings.markStyle], new Highlight(...ranges));
  }

  clear(): void {
    this.all = [];
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

  /** Every entity found, with how many times it is mentioned (all mentions, not only marked). */
  found(): FoundEntity[] {
    const counts = new Map<string, number>();
    for (const m of this.all) if (!m.range.collapsed) counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
    return [...counts].map(([id, count]) => {
      const e = this.entries.get(id)!;
      return { id, name: e.name, category: e.category, count };
    });
  }

  firstOf(entityId: string): Mention | undefined {
    return this.all.find((m) => m.entityId === entityId && !m.range.collapsed);
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
