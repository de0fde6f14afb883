import { describe, expect, it } from 'vitest';
import { applyContext, BLOCK_BREAK, foldPhrase, Matcher, type Pattern } from '../../utils/matcher';

const PATTERNS: Pattern[] = [
  { text: 'TikTok', entityId: 'tiktok' },
  { text: 'Tik Tok', entityId: 'tiktok' },
  { text: 'Google', entityId: 'google' },
  { text: 'Telegram', entityId: 'telegram' },
  { text: 'Star-Telegram', entityId: 'telegram', block: true },
  { text: 'Telegram & Gazette', entityId: 'telegram', block: true },
  { text: 'Hong Kong', entityId: 'hong-kong' },
  { text: 'Hong Kong national security law', entityId: 'nsl' },
  { text: 'national security law', entityId: 'nsl' },
  { text: 'NPC', entityId: 'npc', requires: ['China', 'Beijing', 'Hong Kong'] },
  { text: 'Carrie Lam', entityId: 'carrie-lam' },
  { text: '林鄭月娥', entityId: 'carrie-lam' },
  { text: '林郑月娥', entityId: 'carrie-lam' },
  { text: '國安法', entityId: 'nsl' },
  { text: '国安法', entityId: 'nsl' },
  { text: '光復香港，時代革命', entityId: 'slogan' },
  { text: 'one country, two systems', entityId: 'ocs' },
  { text: 'Liberate Hong Kong, revolution of our times', entityId: 'slogan', anyCase: true },
];

const matcher = new Matcher(PATTERNS);
const found = (text: string) => matcher.find(text).map((m) => [text.slice(m.start, m.end), m.entityId]);

describe('Matcher', () => {
  it('finds aliases in a real sentence, with raw offsets', () => {
    const text = 'TikTok said Tuesday it would cease operations in Hong Kong within days.';
    expect(found(text)).toEqual([
      ['TikTok', 'tiktok'],
      ['Hong Kong', 'hong-kong'],
    ]);
  });

  it('prefers the leftmost-longest mention', () => {
    expect(found('Critics of the Hong Kong national security law said it was vague.')).toEqual([
      ['Hong Kong national security law', 'nsl'],
    ]);
  });

  it('respects word boundaries and letter case', () => {
    expect(found('He googled it, then said: just google it. Google declined to comment.')).toEqual([['Google', 'google']]);
    expect(found('She sent a telegram to her mother.')).toEqual([]);
    expect(found('TikToks and GoogleMaps are not mentions')).toEqual([]);
  });

  it('lets a lower-case alias start a sentence with a capital', () => {
    expect(found('National security law cases rose.')).toEqual([['National security law', 'nsl']]);
    expect(found('NATIONAL SECURITY LAW')).toEqual([]);
  });

  it('matches any case only where the alias allows it', () => {
    expect(found('Protesters chanted “LIBERATE HONG KONG, REVOLUTION OF OUR TIMES”.')).toEqual([
      ['LIBERATE HONG KONG, REVOLUTION OF OUR TIMES', 'slogan'],
    ]);
  });

  it('handles possessives, typographic apostrophes, line breaks and non-breaking spaces', () => {
    expect(found('TikTok’s exit and TikTok\'s rivals')).toEqual([
      ['TikTok', 'tiktok'],
      ['TikTok', 'tiktok'],
    ]);
    expect(found('the national\n   security\u00a0law took effect')).toEqual([['national\n   security\u00a0law', 'nsl']]);
    expect(found('Carrie\u00a0Lam spoke')).toEqual([['Carrie\u00a0Lam', 'carrie-lam']]);
  });

  it('treats hyphenation and soft hyphens inside a phrase as the phrase', () => {
    expect(found('the national-security law')).toEqual([['national-security law', 'nsl']]);
    expect(found('Tik\u00adTok users')).toEqual([['Tik\u00adTok', 'tiktok']]);
    expect(found('TikTok-owned apps')).toEqual([['TikTok', 'tiktok']]);
  });

  it('does not take a newspaper for the app', () => {
    expect(found('the Fort Worth Star-Telegram reported')).toEqual([]);
    expect(found('a Telegram & Gazette columnist')).toEqual([]);
    expect(found('The Telegraph reported; Telegram declined to comment.')).toEqual([['Telegram', 'telegram']]);
  });

  it('matches CJK aliases without word boundaries, in both scripts', () => {
    expect(found('行政長官林鄭月娥表示')).toEqual([['林鄭月娥', 'carrie-lam']]);
    expect(found('行政长官林郑月娥表示，国安法生效')).toEqual([
      ['林郑月娥', 'carrie-lam'],
      ['国安法', 'nsl'],
    ]);
    expect(found('口號「光復香港，時代革命」')).toEqual([['光復香港，時代革命', 'slogan']]);
    expect(found('TikTok在香港')).toEqual([['TikTok', 'tiktok']]);
  });

  it('never matches across a block break', () => {
    expect(found(`Hong${BLOCK_BREAK}Kong`)).toEqual([]);
    expect(found(`Hong Kong${BLOCK_BREAK}national security law`)).toEqual([
      ['Hong Kong', 'hong-kong'],
      ['national security law', 'nsl'],
    ]);
  });

  it('normalises quotes and commas in phrases', () => {
    expect(found('under “one country,  two systems”')).toEqual([['one country,  two systems', 'ocs']]);
  });

  it('applies context rules from the data', () => {
    const lonely = 'The NPC met on Tuesday.';
    expect(applyContext(matcher.find(lonely), lonely)).toEqual([]);
    const inContext = 'In Beijing, the NPC met on Tuesday.';
    expect(applyContext(matcher.find(inContext), inContext).map((m) => m.entityId)).toEqual(['npc']);
    // A video game's "NPC" is not the congress.
    const game = 'Every NPC in the game has a backstory.';
    expect(applyContext(matcher.find(game), game)).toEqual([]);
  });

  it('costs time with the text, not with the number of aliases', () => {
    const many: Pattern[] = [...PATTERNS];
    for (let i = 0; i < 20_000; i++) many.push({ text: `Alias${i} Corp`, entityId: `e${i}` });
    const big = new Matcher(many);
    const text = 'TikTok left Hong Kong. Alias19999 Corp too. '.repeat(200);
    const matches = big.find(text);
    expect(matches.filter((m) => m.entityId === 'e19999')).toHaveLength(200);
    expect(matches.filter((m) => m.entityId === 'tiktok')).toHaveLength(200);
  });

  it('folds phrases the same way for comparison', () => {
    expect(foldPhrase('  Tik–Tok’s  ')).toBe("tik tok's");
    expect(foldPhrase('光復香港，時代革命')).toBe('光復香港,時代革命');
  });
});
