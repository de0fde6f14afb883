import { describe, expect, it } from 'vitest';
import { placeCard, VIEWPORT_MARGIN_PX } from '../../utils/placement';
import { factsNewestFirst, formatDate, mergeTimeline } from '../../utils/timeline';

const viewport = { width: 1000, height: 800 };
const card = { width: 360, height: 300 };

describe('card placement', () => {
  it('sits below the mention when there is room', () => {
    const p = placeCard({ left: 100, top: 100, right: 160, bottom: 120 }, card, viewport);
    expect(p).toMatchObject({ side: 'below', left: 100 });
    expect(p.top).toBeGreaterThan(120);
  });

  it('flips above near the bottom edge', () => {
    const p = placeCard({ left: 100, top: 700, right: 160, bottom: 720 }, card, viewport);
    expect(p.side).toBe('above');
    expect(p.top + card.height).toBeLessThan(700);
  });

  it('shifts left near the right edge and keeps the margin', () => {
    const p = placeCard({ left: 950, top: 100, right: 990, bottom: 120 }, card, viewport);
    expect(p.left + card.width).toBe(viewport.width - VIEWPORT_MARGIN_PX);
  });

  it('never leaves the viewport, even when it is too small', () => {
    const p = placeCard({ left: 10, top: 200, right: 60, bottom: 220 }, { width: 360, height: 900 }, { width: 300, height: 400 });
    expect(p.left).toBe(VIEWPORT_MARGIN_PX);
    expect(p.top).toBeGreaterThanOrEqual(VIEWPORT_MARGIN_PX);
    expect(p.top + p.maxHeight).toBeLessThanOrEqual(400 - VIEWPORT_MARGIN_PX);
  });
});

describe('timeline', () => {
  it('formats dates with no more precision than given', () => {
    expect(formatDate('2020')).toBe('2020');
    expect(formatDate('2020-07')).toBe('Jul 2020');
    expect(formatDate('2020-07-07')).toBe('7 Jul 2020');
  });

  it('orders facts newest first, and merges entities oldest first', () => {
    expect(factsNewestFirst([{ date: '2020-06-30' }, { date: '2020-07' }, { date: '2019' }]).map((f) => f.date)).toEqual([
      '2020-07',
      '2020-06-30',
      '2019',
    ]);
    const rows = mergeTimeline([
      { entityId: 'nsl', facts: [{ date: '2020-06-30' }, { date: '2020-05-28' }] },
      { entityId: 'tiktok', facts: [{ date: '2020-07-07' }] },
    ]);
    expect(rows.map((r) => `${r.date} ${r.entityId}`)).toEqual(['2020-05-28 nsl', '2020-06-30 nsl', '2020-07-07 tiktok']);
  });
});
