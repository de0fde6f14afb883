/** The eval's scoring (tests/eval/score.ts): which marks are right, what was missed, what is covered. */
import { describe, expect, it } from 'vitest';
import { applyOverrides, entityResolver, figures, scorePage, type EntityInfo, type PageLabels } from '../eval/score';

const ENTITIES: EntityInfo[] = [
  { id: 'facebook', name: 'Facebook', wikipedia: 'Facebook' },
  { id: 'twitter', name: 'Twitter', wikipedia: 'Twitter' },
  { id: 'tiktok', name: 'TikTok', wikipedia: 'TikTok' },
];
const byId = new Map(ENTITIES.map((e) => [e.id, e]));
const resolve = entityResolver(ENTITIES, { sameAs: { 'X (social network)': { title: 'Twitter', why: 'renamed' } } });

const PAGE: PageLabels = {
  file: 'news.html',
  lang: 'en',
  mentions: [
    { name: 'Facebook', says: ['Facebook'], story: true },
    { name: 'X (social network)', says: ['X'], story: true },
    { name: 'Unknown Org', says: ['Unknown Org'], story: true },
    { name: 'Some Person', says: ['Some Person'], story: false },
  ],
  notMentions: [
    { text: 'Facebook', why: 'footer social link' },
    { text: 'Click to share on Twitter (Opens in new window)', why: 'share bar' },
  ],
};

describe('eval scoring', () => {
  it('counts a mark right only for a labelled entity outside the page furniture', () => {
    const result = scorePage(
      PAGE,
      [
        { entityId: 'facebook', text: 'Facebook', block: 'Facebook' },
        { entityId: 'facebook', text: 'Facebook', block: 'The regulator fined Facebook on Tuesday for the breach, the largest fine so far.' },
        { entityId: 'twitter', text: 'Twitter', block: 'Click to share on Twitter (Opens in new window)' },
        { entityId: 'twitter', text: 'Twitter', block: 'Twitter said it would appeal.', furniture: 'aside' },
        { entityId: 'tiktok', text: 'TikTok', block: 'Follow us on TikTok' },
      ],
      byId,
      resolve,
    );
    expect(result.marks.map((m) => [m.ok, m.why?.split(':')[0]])).toEqual([
      [false, 'furniture'],
      [true, undefined],
      [false, 'furniture'],
      [false, 'in page furniture (aside)'],
      [false, 'TikTok is not labelled on this page'],
    ]);
    // Facebook is found (its prose mark is right); X, as Twitter, was marked only where it is wrong.
    expect(result.expected.map((e) => [e.entityId, e.found])).toEqual([
      ['facebook', true],
      ['twitter', false],
    ]);
    expect(result.expected[1]!.why).toMatch(/^marked only where it is wrong/);
  });

  it('works out precision, recall and coverage over pages', () => {
    const other: PageLabels = { file: 'b.html', lang: 'en', mentions: [{ name: 'Unknown Org', says: ['UO'], story: true }, { name: 'Facebook', says: ['FB'], story: true }] };
    const results = [
      scorePage(PAGE, [{ entityId: 'facebook', text: 'Facebook', block: 'Facebook and Twitter and many more words in a sentence of prose.' }], byId, resolve),
      scorePage(other, [], byId, resolve),
    ];
    const f = figures([PAGE, other], results, resolve);
    expect([f.marks, f.rightMarks, f.precision]).toEqual([1, 1, 1]);
    expect([f.expected, f.found, f.recall]).toEqual([3, 1, 0.333]);
    // Story names distinct per page: Facebook ×2, X, Unknown Org ×2 → 3 of 5 covered; of the two
    // recurring names (Facebook, Unknown Org), one.
    expect(f.coverage).toMatchObject({ all: 0.6, allNames: 5, recurring: 0.5, recurringNames: 2, missing: [{ name: 'Unknown Org', pages: 2 }] });
  });

  it('applies the project’s corrections to the labels', () => {
    const [fixed] = applyOverrides([PAGE], {
      pages: { 'news.html': { dropMentions: [{ name: 'Unknown Org', why: 'not on the page' }], addNotMentions: [{ text: 'TikTok', why: 'logo' }] } },
    });
    expect(fixed!.mentions.map((m) => m.name)).not.toContain('Unknown Org');
    expect(fixed!.notMentions!.map((n) => n.text)).toContain('TikTok');
  });
});
