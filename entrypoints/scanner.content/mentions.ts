/**
 * The page's mentions: found by the reading passes (`reading.ts`), counted and marked as the
 * settings say (`marking.ts`), shown and hit-tested as highlights (`highlights.ts`). The page's DOM
 * is never written. Scans run in slices (`slicer.ts`) so that no task of ours blocks the page for
 * long, and later changes to the page are scanned on their own.
 */
import type { FoundEntity } from '../../utils/messages';
import { readingRoot } from '../../utils/dom/page-text';
import type { Settings } from '../../utils/settings';
import { storyWeights } from '../../utils/story';
import { Highlights } from './highlights';
import { markMentions } from './marking';
import { PageReading, type Matching, type Mention, type ReadPhases } from './reading';
import { Slicer } from './slicer';

export { HIGHLIGHT_NAMES } from './highlights';
export type { Matching, Mention } from './reading';

export const SCAN_MEASURE = 'backstory:scan';

export class Mentions {
  private readonly reading: PageReading;
  private readonly highlights = new Highlights<Mention>();
  private all: Mention[] = [];
  private generation = 0;
  scanning = false;

  constructor(
    /** The matcher, in the background: a page loads nothing to match with. */
    matching: Matching,
    /** A selector for our own UI, never read. */
    ours: string,
  ) {
    this.reading = new PageReading(matching, ours);
  }

  /** Scans the page's reading text and shows what it finds, as the settings say. */
  async scan(doc: Document, settings: Settings): Promise<void> {
    // Clearing cancels any scan under way (it moves the generation on).
    this.clear();
    const generation = this.generation;
    const root = readingRoot(doc);
    if (!root) return;
    const started = performance.now();
    this.scanning = true;
    const slicer = new Slicer(() => generation !== this.generation);
    try {
      const found = await this.reading.readPage(root, slicer);
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
    const found = await this.reading.readChanged(changed, root, slicer);
    if (!found) return;
    this.all = this.all.concat(found).sort((a, b) => a.range.compareBoundaryPoints(Range.START_TO_START, b.range));
    this.refresh(settings);
    slicer.endSlice();
    this.measure(started, slicer, 'changes');
  }

  /** Applies the settings to what was found: which entities, first mention or all, and the style. */
  refresh(settings: Settings): void {
    markMentions(this.all, settings, { says: this.reading.says, categoryOf: (id) => this.reading.entities.get(id)?.category });
    this.highlights.paint(
      this.all.filter((m) => m.marked),
      settings.markStyle,
    );
  }

  private measure(started: number, slicer: Slicer, kind: 'full' | 'changes', phases: Partial<ReadPhases> & { markMs?: number } = {}): void {
    performance.measure(SCAN_MEASURE, {
      start: started,
      end: performance.now(),
      // waitMs: waiting for the background's matcher, which is not the page's work.
      detail: { kind, workMs: slicer.workMs, waitMs: slicer.waitedMs, longestSliceMs: slicer.longestMs, slices: slicer.slices, mentions: this.all.length, ...phases },
    });
  }

  /** Forgets everything and removes the marks; a scan in progress stops at its next slice. */
  clear(): void {
    this.generation++;
    this.scanning = false;
    this.all = [];
    this.reading.reset();
    this.highlights.clear();
  }

  /** The marked mention under a point, if any. */
  at(x: number, y: number): Mention | undefined {
    return this.highlights.at(x, y);
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
      const e = this.reading.entities.get(id)!;
      return { id, name: e.name, category: e.category, count, weight: weights.get(id) ?? 0 };
    });
  }

  firstOf(entityId: string): Mention | undefined {
    return this.all.find((m) => m.entityId === entityId && m.counted && !m.range.collapsed);
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
