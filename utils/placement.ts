/**
 * Where the card goes: below its anchor if it fits, else above, else on the roomier side; shifted
 * sideways to stay inside the viewport with a margin.
 */
export const VIEWPORT_MARGIN_PX = 5;
export const ANCHOR_GAP_PX = 6;

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export function placeCard(
  anchor: Box,
  card: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number; maxHeight: number; side: 'below' | 'above' } {
  const m = VIEWPORT_MARGIN_PX;
  const below = viewport.height - anchor.bottom - ANCHOR_GAP_PX - m;
  const above = anchor.top - ANCHOR_GAP_PX - m;
  const side = card.height <= below || below >= above ? 'below' : 'above';
  const room = Math.max(0, side === 'below' ? below : above);
  const height = Math.min(card.height, room);
  const top = side === 'below' ? anchor.bottom + ANCHOR_GAP_PX : anchor.top - ANCHOR_GAP_PX - height;
  const maxLeft = viewport.width - m - card.width;
  const left = Math.max(m, Math.min(anchor.left, maxLeft));
  return { left, top: Math.max(m, top), maxHeight: Math.max(room, 0), side };
}
