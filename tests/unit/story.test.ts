/** The page's story: weights, how a card orders its facts around the page, and "N later". */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { byWeight, isAfter, orderFacts, sinceArticle, sinceMessage, storyFacts, storyWeights, tiesOf } from '../../utils/story';
import type { LocalMessage } from '../../utils/browser/i18n';

const EN = JSON.parse(
  fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/_locales/en/messages.json'), 'utf8'),
) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** The English the browser would show for a message (as browser.i18n.getMessage fills it). */
function english(m: LocalMessage | undefined): string | undefined {
  if (!m) return undefined;
  const entry = EN[m.key]!;
  return entry.message.replace(/\$([A-Z_]+)\$/g, (_, name: string) =>
    (entry.placeholders?.[name.toLowerCase()]?.content ?? '').replace(/\$(\d)/, (_x, n: string) => m.params?.[Number(n) - 1] ?? ''),
  );
}

/** TikTok's facts, shortened, with the `about` links the dataset gives them. */
const EXIT = { text: 'exit', date: '2020-07-06', about: ['hong-kong', 'hk-national-security-law'] };
const MAYER = { text: 'Mayer', date: '2020-07' };
const USERS = { text: 'users', date: '2019-08' };
const ORDER = { text: 'executive order', date: '2020-08-06', about: ['donald-trump', 'executive-order-13942', 'bytedance'] };
const LAW = { text: '2024 law', date: '2024-04-24', about: ['bytedance', 'joe-biden'] };
const FACTS = [EXIT, MAYER, USERS, ORDER, LAW];
const names = (...ids: string[]) => new Map(ids.map((id) => [id, id.toUpperCase()]));
const PAGE = names('tiktok', 'hong-kong', 'hk-national-security-law', 'bytedance');

describe('orderFacts', () => {
  it('on a dated page: tied facts first, nearest the date; then the rest; later facts apart, in order', () => {
    const { lead, since } = orderFacts(FACTS, { date: '2020-07-07', names: PAGE }, 'tiktok');
    expect(lead).toEqual([EXIT, MAYER, USERS]);
    expect(since).toEqual([ORDER, LAW]);
  });

  it('a tied fact comes before an untied one nearer the date', () => {
    const near = { text: 'near', date: '2020-07-07' };
    const tied = { text: 'tied', date: '2019-01-01', about: ['hong-kong'] };
    expect(orderFacts([near, tied], { date: '2020-07-07', names: PAGE }).lead).toEqual([tied, near]);
  });

  it('a fact dated only by month or year is as far as its farthest day', () => {
    const month = { text: 'month', date: '2020-07', about: ['hong-kong'] };
    const year = { text: 'year', date: '2020', about: ['hong-kong'] };
    const day = { text: 'day', date: '2020-06-20', about: ['hong-kong'] };
    expect(orderFacts([year, month, day], { date: '2020-07-07', names: PAGE }).lead).toEqual([day, month, year]);
  });

  it('without a date: tied facts first, newest first, then the rest newest first; nothing set apart', () => {
    const { lead, since } = orderFacts(FACTS, { names: PAGE }, 'tiktok');
    expect(lead).toEqual([LAW, ORDER, EXIT, MAYER, USERS]);
    expect(since).toEqual([]);
  });

  it('on a page naming nothing else, newest first as before', () => {
    expect(orderFacts(FACTS, { names: names('tiktok') }, 'tiktok').lead).toEqual([LAW, ORDER, EXIT, MAYER, USERS]);
  });

  it('a fact about the entity itself does not tie it to the page', () => {
    expect(tiesOf({ about: ['tiktok', 'hong-kong'] }, { names: PAGE }, 'tiktok')).toEqual(['hong-kong']);
    expect(tiesOf({ about: ['tiktok', 'joe-biden'] }, { names: PAGE }, 'tiktok')).toEqual([]);
    expect(tiesOf({}, { names: PAGE }, 'tiktok')).toEqual([]);
  });
});

describe('isAfter', () => {
  it('counts a fact as after the article only if every day it may mean is', () => {
    expect(isAfter('2020-07-08', '2020-07-07')).toBe(true);
    expect(isAfter('2020-07-07', '2020-07-07')).toBe(false);
    expect(isAfter('2020-07', '2020-07-07')).toBe(false);
    expect(isAfter('2020-08', '2020-07-07')).toBe(true);
    expect(isAfter('2020', '2020-07-07')).toBe(false);
    expect(isAfter('2021', '2020-07-07')).toBe(true);
  });
});

describe('since the article', () => {
  const since = (fact: string, page = '2020-07-07') => english(sinceMessage(page, fact));

  it('says how long after, in the largest plain unit', () => {
    expect(since('2020-07-08')).toBe('1 day later');
    expect(since('2020-07-17')).toBe('10 days later');
    expect(since('2020-07-21')).toBe('2 weeks later');
    expect(since('2020-08-06')).toBe('4 weeks later');
    expect(since('2020-09-10')).toBe('2 months later');
    expect(since('2021-07-06')).toBe('11 months later');
    expect(since('2021-07-07')).toBe('1 year later');
    expect(since('2024-04-24')).toBe('3 years later');
  });

  it('is no more precise than the fact', () => {
    expect(since('2020-08')).toBe('1 month later');
    expect(since('2021')).toBe('1 year later');
    expect(since('2023')).toBe('3 years later');
    expect(sinceArticle('2020-07-07', '2020-12')).toEqual({ unit: 'month', count: 5 });
  });

  it('says nothing of a fact that is not after the article', () => {
    expect(sinceMessage('2020-07-07', '2020-07-06')).toBeUndefined();
    expect(sinceMessage('2020-07-07', '2020-07')).toBeUndefined();
  });
});

describe('storyWeights', () => {
  it('weighs how often and how early an entity is named', () => {
    const w = storyWeights(['tiktok', 'hong-kong', 'tiktok', 'bytedance', 'hong-kong', 'tiktok', 'telegram']);
    expect(w.get('tiktok')).toBeGreaterThan(w.get('hong-kong')!);
    expect(w.get('hong-kong')).toBeGreaterThan(w.get('bytedance')!);
    // Named once each: the earlier weighs more.
    expect(w.get('bytedance')).toBeGreaterThan(w.get('telegram')!);
    expect(w.get('telegram')).toBeGreaterThanOrEqual(0.5);
  });

  it('byWeight sorts heaviest first and keeps the page order on ties', () => {
    const items = [{ id: 'a', weight: 1 }, { id: 'b', weight: 2 }, { id: 'c', weight: 1 }];
    expect(byWeight(items).map((i) => i.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('storyFacts', () => {
  it('keeps facts that tie two entities on the page, once each, oldest first', () => {
    const rows = storyFacts(
      [
        { entityId: 'tiktok', facts: FACTS },
        { entityId: 'hong-kong', facts: [{ text: 'exit, told of Hong Kong', date: '2020-07-06', about: ['tiktok'] }, { text: 'handover', date: '1997-07-01' }] },
        { entityId: 'bytedance', facts: [{ text: 'founded', date: '2012-03' }] },
      ],
      { names: PAGE },
    );
    expect(rows.map((r) => [r.entityId, r.fact.text, r.ties])).toEqual([
      ['tiktok', 'exit', ['hong-kong', 'hk-national-security-law']],
      ['tiktok', 'executive order', ['bytedance']],
      ['tiktok', '2024 law', ['bytedance']],
    ]);
  });
});
