/** The background's matcher for pages: what a page sends and what it gets back. */
import { describe, expect, it } from 'vitest';
import type { MatchIndex } from '../../utils/match-data';
import { toPatterns } from '../../utils/match-index';
import { compileMatcher } from '../../utils/matcher/build';
import { MatchService } from '../../utils/matcher/service';
import { MAX_TERM_PLACES } from '../../utils/matcher/terms';
import { BackgroundRequestSchema, ResponseSchemas, type RawPart } from '../../utils/messages';

const INDEX: MatchIndex = {
  version: 'test',
  entities: [
    { id: 'tiktok', name: 'TikTok', category: 'product', aliases: [{ text: 'TikTok', lang: 'en' }] },
    { id: 'hk-daily', name: 'Apple Daily', category: 'company', aliases: [{ text: 'Apple Daily', lang: 'en' }] },
    { id: 'tw-daily', name: 'Apple Daily (Taiwan)', category: 'company', aliases: [{ text: 'Apple Daily', lang: 'en', requires: ['Taipei'] }] },
    { id: 'telegram', name: 'Telegram', category: 'product', aliases: [{ text: 'Telegram', lang: 'en' }], notThis: ['Long Telegram'] },
    { id: 'unused', name: 'Unused', category: 'product', aliases: [{ text: 'Nowhere', lang: 'en' }] },
  ],
};
const service = MatchService.load(INDEX, compileMatcher(toPatterns(INDEX)));

describe('MatchService', () => {
  it('gives the places aliases may be, as ascending start and end pairs, letting word boundaries at seams through', () => {
    const text = 'Apple DailyTikTok and TikTok';
    // Two text nodes: where "Apple Daily" meets "TikTok", each may stand alone when read.
    const { spans, reach } = service.occurrences(['Apple Daily', 'TikTok and TikTok']);
    expect(reach).toBeGreaterThan('Apple Daily'.length);
    const pairs = [];
    for (let k = 0; k < spans.length; k += 2) pairs.push(text.slice(spans[k], spans[k + 1]));
    expect(pairs).toEqual(['Apple Daily', 'Apple Daily', 'TikTok', 'TikTok']);
    expect(service.occurrences([text]).spans).toEqual([22, 28]);
    expect(service.occurrences(['Nothing we know']).spans).toEqual([]);
  });

  it('reads a blank node sent as its length as that many spaces: offsets and seams as in the page', () => {
    // "Apple" and "Daily" in two elements, with a line break and an indent between them.
    expect(service.occurrences(['Apple', 5, 'Daily', 2, 'TikTok']).spans).toEqual([0, 15, 0, 15, 17, 23]);
    expect(service.occurrences([3, 'TikTok']).spans).toEqual([3, 9]);
  });

  it('says where the text has the words context rules ask for, exactly as written, each at its own places', () => {
    const rules: MatchIndex = {
      version: 'terms',
      entities: [
        { id: 'tw-daily', name: 'Apple Daily (Taiwan)', category: 'company', aliases: [{ text: 'Apple Daily', lang: 'en', requires: ['Taipei', 'Taipei City', 'pei'] }] },
        { id: 'scmp', name: 'South China Morning Post', category: 'company', aliases: [{ text: 'the Post', lang: 'en', requires: ['South China Morning Post', 'China', 'a+b'] }] },
      ],
    };
    const terms = MatchService.load(rules, compileMatcher(toPatterns(rules)));
    const placesOf = (parts: RawPart[]) => Object.fromEntries(terms.occurrences(parts).terms.map(({ term, at }) => [term, at]));
    // Terms inside others, and one that begins where another does, are found at their own places;
    // a blank node keeps the offsets; case counts; a term's signs are taken literally.
    expect(placesOf(['Taipei City, ', 2, 'South China Morning Post; taipei, china, a+b, aab'])).toEqual({
      Taipei: [0],
      'Taipei City': [0],
      pei: [3, 44],
      'South China Morning Post': [15],
      China: [21],
      'a+b': [56],
    });
    // A term said across two text nodes is found; only the first places are given.
    expect(placesOf(['Tai', 'pei'])).toEqual({ Taipei: [0], pei: [3] });
    expect(placesOf(['China '.repeat(30)]).China).toEqual(Array.from({ length: MAX_TERM_PLACES }, (_, i) => 6 * i));
    expect(terms.occurrences(['Nothing here']).terms).toEqual([]);
    // A term is whole in the overlap between pieces.
    expect(terms.occurrences(['x']).reach).toBeGreaterThanOrEqual('South China Morning Post'.length);
    expect(service.occurrences(['Taipei']).terms).toEqual([{ term: 'Taipei', at: [0] }]);
    expect(service.occurrences(['TikTok']).terms).toEqual([]);
  });

  it('matches each text on its own and names the entities of every claim, rivals included, and no others', () => {
    const { matches, entities } = service.matches(['The Long Telegram.', 'Apple Daily and TikTok', '']);
    expect(matches.map((list) => list.map((m) => [m.entityId, m.start, m.end, m.rivals?.map((r) => r.entityId)]))).toEqual([
      [],
      [
        ['hk-daily', 0, 11, ['tw-daily']],
        ['tiktok', 16, 22, undefined],
      ],
      [],
    ]);
    expect(entities.map((e) => e.id).sort()).toEqual(['hk-daily', 'tiktok', 'tw-daily']);
    expect(entities.find((e) => e.id === 'tiktok')).toEqual({ id: 'tiktok', name: 'TikTok', category: 'product' });
  });

  it('answers in the shape the protocol checks, and the protocol refuses what is not a page text', () => {
    const answer = { ok: true, ...service.matches(['Apple Daily']) };
    expect(ResponseSchemas.matches.parse(JSON.parse(JSON.stringify(answer)))).toEqual(answer);
    expect(ResponseSchemas.occurrences.parse({ ok: true, ...service.occurrences(['TikTok in Taipei']) })).toMatchObject({ ok: true, spans: [0, 6], terms: [{ term: 'Taipei', at: [10] }] });
    expect(ResponseSchemas.occurrences.safeParse({ ok: true, spans: [], terms: [{ term: 'Taipei', at: [] }], reach: 1 }).success).toBe(false);
    expect(BackgroundRequestSchema.safeParse({ type: 'occurrences', parts: ['TikTok', 4] }).success).toBe(true);
    expect(BackgroundRequestSchema.safeParse({ type: 'occurrences', parts: ['TikTok', -1] }).success).toBe(false);
    expect(BackgroundRequestSchema.safeParse({ type: 'occurrences', parts: [1.5] }).success).toBe(false);
    // A blank node's length counts: a page cannot make the background build a text past the limit.
    const tooLong = BackgroundRequestSchema.safeParse({ type: 'occurrences', parts: [10_000_000, 'x', 10_000_000] });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.message).toMatch(/stops at 16000000 characters/);
    expect(BackgroundRequestSchema.safeParse({ type: 'matches', texts: [42] }).success).toBe(false);
    expect(BackgroundRequestSchema.safeParse({ type: 'matches', texts: ['TikTok'] }).success).toBe(true);
  });
});
