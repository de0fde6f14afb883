/** From offsets in a joined text back to the text nodes it was read from. */
import type { RawText, TextSegment, PageText } from './page-text';

/** The index of the node holding the character at `offset`. */
export function nodeIndexAt(raw: RawText, offset: number): number {
  return lastAtOrBefore(raw.starts.length, (i) => raw.starts[i]!, offset);
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
