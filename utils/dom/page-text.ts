/**
 * Reads a page's visible reading text as one string, with a map back to its text nodes, so that a
 * mention split across inline elements (`<em>Hong Kong</em> national security law`) is found as
 * one and marked with a Range — the page's DOM is only read, never changed. Two collectors: the
 * raw text (every text node, no look at the elements), and the close reading (what `Blocks` says
 * is read, joined per block); `readAround` reads closely only around places in the raw text.
 */
import { BLOCK_BREAK, isBlank } from '../matcher/fold';
import type { RawPart } from '../messages';
import { Blocks } from './blocks';
import type { CollectOptions } from './rejection';

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

/** The main article where the page marks one, else the body. */
export function readingRoot(doc: Document): Element | null {
  // Only one main: some pages have a second, around their masthead, before the article's.
  const mains = doc.querySelectorAll('main, [role="main"]');
  if (mains.length > 0 && [...mains].every((m) => mains[0]!.contains(m))) return mains[0]!;
  const articles = doc.getElementsByTagName('article');
  if (articles.length === 1) return articles[0]!;
  return doc.body;
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
 * only the blocks around what is found are read closely (`readAround`). It is kept as its nodes'
 * parts, as it is sent to be matched: never joined on the page (the background joins it, and
 * says where it has the words context rules ask for).
 */
export interface RawText {
  /** Each node's text, or the length of a node that is blank (white space only). */
  parts: RawPart[];
  nodes: Text[];
  /** Offset of each node's first character in the raw text. */
  starts: number[];
  length: number;
}

/** Tags whose text children are never prose: left out of the raw text, cheaply. */
const RAW_SKIPPED = 'script,style,noscript,template';
/** Below this code unit, a text may be blank: most text nodes begin with a letter and are not asked. */
const MAYBE_BLANK_BELOW = 0x21;

export class RawTextCollector {
  private readonly parts: RawPart[] = [];
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
        this.parts.push(data.charCodeAt(0) < MAYBE_BLANK_BELOW && isBlank(data) ? data.length : data);
        this.length += data.length;
      }
      if ((++n & 255) === 0 && shouldStop()) return false;
    }
    return true;
  }

  result(): RawText {
    return { parts: this.parts, nodes: this.nodes, starts: this.starts, length: this.length };
  }
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
