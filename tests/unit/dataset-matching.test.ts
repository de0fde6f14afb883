/**
 * The real dataset on real sentences: each case is a cause of a wrong or missed mark that the eval
 * (`npm run eval`) or a fact-check found, held here so that it stays fixed.
 */
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../data/tools/read';
import { buildMatcher } from '../../utils/matcher/build';
import { applyContext } from '../../utils/matcher/context';
import { toMatchIndex, toPatterns } from '../../utils/match-index';

const dataset = readDataset().dataset!;
const matcher = buildMatcher(toPatterns(toMatchIndex(dataset)));

/** What a page made of `text` alone marks: [words, entity id] in order. */
function marks(text: string): Array<[string, string]> {
  return applyContext(matcher.find(text), text).map((m) => [text.slice(m.start, m.end), m.entityId]);
}
const idsIn = (text: string) => marks(text).map(([, id]) => id);

describe('the dataset on real sentences', () => {
  it('does not take every other Lam for Carrie Lam', () => {
    const text = 'Carrie Lam declined to comment. Stand News chief editor Patrick Lam was arrested in Hong Kong.';
    expect(marks(text).filter(([, id]) => id === 'carrie-lam')).toEqual([['Carrie Lam', 'carrie-lam']]);
  });

  it('finds names however a page capitalises them', () => {
    expect(idsIn('Bytedance, the owner of TikTok, said on Tuesday')).toContain('bytedance');
    expect(idsIn('Whatsapp and Wechat users in the city')).toEqual(expect.arrayContaining(['whatsapp', 'wechat']));
    expect(idsIn('Hong Kong Police said the man was arrested')).toContain('hong-kong-police-force');
    expect(idsIn('Protests against the extradition Bill grew in Hong Kong')).toContain('hong-kong-extradition-bill-2019');
  });

  it('tells apart two entities that claim the same words by what else the page says', () => {
    expect(idsIn('台北地方法院昨天判決，蘋果日報的報導並未違法，台灣記者協會表示歡迎')).toContain('apple-daily-taiwan');
    expect(idsIn('香港蘋果日報創辦人黎智英被判刑')).toContain('apple-daily');
    expect(idsIn('香港蘋果日報創辦人黎智英被判刑')).not.toContain('apple-daily-taiwan');
  });

  it('knows how pages name China, the Post and X', () => {
    expect(idsIn('Alibaba is the largest Chinese e-commerce company.')).toContain('china');
    expect(idsIn('The South China Morning Post reported on Friday. The Post also said')).toEqual(['south-china-morning-post', 'south-china-morning-post']);
    expect(idsIn('The Post said on Friday that the mayor had resigned.')).toEqual([]);
    expect(idsIn('Plattformen wie Tiktok, Facebook, X, Google und viele andere müssen')).toEqual(['tiktok', 'facebook', 'twitter', 'google']);
    expect(idsIn('An X-ray of Malcolm X, shared on Facebook')).toEqual(['facebook']);
    expect(idsIn('Press X to continue.')).toEqual([]);
  });

  it('knows the common forms of the story’s names', () => {
    expect(idsIn('The Hong Kong protests began in June 2019.')).toContain('2019-2020-hong-kong-protests');
    expect(idsIn('Months of pro-democracy protests shook Hong Kong in 2019.')).toContain('2019-2020-hong-kong-protests');
    expect(idsIn('中美爭議持續，港版國安法今日生效')).toContain('hk-national-security-law');
    expect(idsIn('特區政府完成23條立法')).toContain('safeguarding-national-security-ordinance');
    expect(idsIn('Hong Kong’s mini-constitution guarantees these rights.')).toContain('basic-law');
    expect(idsIn('Beijing opened its national security office in Hong Kong on Wednesday.')).toContain('office-for-safeguarding-national-security');
    expect(idsIn('the Fugitive Offenders Bill was withdrawn')).toContain('hong-kong-extradition-bill-2019');
    expect(idsIn('修例風波之後，香港社會仍然撕裂')).toContain('2019-2020-hong-kong-protests');
  });

  it('marks 抖音國際版TikTok as TikTok, not Douyin', () => {
    expect(marks('字節跳動旗下的抖音國際版TikTok宣布退出香港市場')).toEqual([
      ['字節跳動', 'bytedance'],
      ['抖音國際版', 'tiktok'],
      ['TikTok', 'tiktok'],
      ['香港', 'hong-kong'],
    ]);
  });

  it('leaves look-alikes unmarked', () => {
    expect(idsIn('湖南省人大常委會副主任出席會議')).not.toContain('npc-standing-committee');
    expect(idsIn('全國人大常委會通過香港國安法')).toContain('npc-standing-committee');
    expect(idsIn('根據澳門基本法第二十三條，澳門已完成立法')).not.toContain('basic-law');
    expect(idsIn('台灣蘋果日報報導，颱風今晚登陸')).not.toContain('apple-daily');
    // A Taiwanese paper's "蘋果日報" is Taiwan's, on a page that never names Hong Kong.
    expect(idsIn('《蘋果日報》報導，2008年時，住在台北市萬華區的蘇姓男子')).not.toContain('apple-daily');
    expect(idsIn('香港《蘋果日報》停刊')).toContain('apple-daily');
    expect(idsIn('Kennan’s Long Telegram of 1946 and the Zimmermann Telegram of 1917')).not.toContain('telegram');
  });

  it('marks a name that another entity once listed as a look-alike of its own', () => {
    expect(idsIn('Apple Daily’s founder Jimmy Lai was arrested in Hong Kong.')).toContain('apple-daily');
    expect(idsIn('The South China Morning Post reported the arrests.')).toContain('south-china-morning-post');
    expect(idsIn('中國共產黨中央委員會')).toContain('chinese-communist-party');
    expect(idsIn('國務院港澳事務辦公室發表聲明')).toContain('hkmao');
    expect(idsIn('中國時報報導')).toContain('china-times');
    expect(idsIn('台灣蘋果日報停刊')).toContain('apple-daily-taiwan');
  });

  it('leaves the templates of the sites that name themselves alone', () => {
    expect(idsIn('If you have Telegram, you can view and join Unlimited Hangout right away.')).not.toContain('telegram');
    expect(idsIn('Android載點 https://bit.ly/ltn_googleplay')).not.toContain('android');
    expect(idsIn('KI @ China (Teil 2): Wie das Fernost-Facebook das Gesundheitswesen revolutioniert')).not.toContain('facebook');
    expect(idsIn('粉丝总数反映各大社交网站页面粉丝数汇总，包括微博')).not.toContain('weibo');
  });
});
