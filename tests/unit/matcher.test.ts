import { describe, expect, it } from 'vitest';
import { buildAutomaton, buildMatcher, compileMatcher } from '../../utils/matcher/build';
import { encodeAutomaton } from '../../utils/matcher/codec';
import { applyContext } from '../../utils/matcher/context';
import { BLOCK_BREAK, BREAK, foldOf, foldPhrase, isBlank, isWordUnit, SPACE } from '../../utils/matcher/fold';
import type { Pattern } from '../../utils/matcher/pattern';
import { Matcher } from '../../utils/matcher/runtime';

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

const matcher = buildMatcher(PATTERNS);
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

  it('lets the page’s context choose between entities that claim the same words', () => {
    const rivals = buildMatcher([
      { text: 'Apple Daily', entityId: 'hk' },
      { text: 'Apple Daily', entityId: 'tw', requires: ['Taipei'] },
      { text: 'Apple Daily', entityId: 'mo', requires: ['Macau'] },
    ]);
    const pick = (text: string) => applyContext(rivals.find(text), text).map((m) => m.entityId);
    expect(pick('Apple Daily closed.')).toEqual(['hk']);
    expect(pick('In Taipei, Apple Daily closed.')).toEqual(['tw']);
    expect(pick('In Macau, Apple Daily closed.')).toEqual(['mo']);
    // Without a claim that asks for nothing, words no context upholds are no mention.
    const ruled = buildMatcher([{ text: 'NPC', entityId: 'npc', requires: ['China'] }, { text: 'NPC', entityId: 'game', requires: ['player'] }]);
    expect(applyContext(ruled.find('The NPC met.'), 'The NPC met.')).toEqual([]);
    expect(applyContext(ruled.find('Every player met an NPC.'), 'Every player met an NPC.').map((m) => m.entityId)).toEqual(['game']);
  });

  it('costs time with the text, not with the number of aliases', () => {
    const many: Pattern[] = [...PATTERNS];
    for (let i = 0; i < 20_000; i++) many.push({ text: `Alias${i} Corp`, entityId: `e${i}` });
    const big = buildMatcher(many);
    const text = 'TikTok left Hong Kong. Alias19999 Corp too. '.repeat(200);
    const matches = big.find(text);
    expect(matches.filter((m) => m.entityId === 'e19999')).toHaveLength(200);
    expect(matches.filter((m) => m.entityId === 'tiktok')).toHaveLength(200);
  });

  it('finds every mention in a text longer, and with more mentions, than any it read before', () => {
    // The matcher keeps its working buffers between calls and grows them: a long text after the
    // short ones above must still be read to its end.
    const filler = 'Die Regierung in Berlin hat am Dienstag neue Regeln beschlossen. '.repeat(600);
    const text = `${filler}TikTok verließ ${filler}Hongkong, nicht Hong Kong.`;
    expect(found(text)).toEqual([
      ['TikTok', 'tiktok'],
      ['Hong Kong', 'hong-kong'],
    ]);
    expect(matcher.find(text).map((m) => m.start)).toEqual([filler.length, text.length - 'Hong Kong.'.length]);
    const crowded = 'Google, Telegram and TikTok. '.repeat(2_000);
    expect(matcher.find(crowded)).toHaveLength(6_000);
  });

  it('finds occurrences in raw text, letting a failed word boundary through only where two text nodes meet', () => {
    // Raw text of `<h2>TikTok</h2><p>The app…` and a word that only contains an alias.
    const raw = 'TikTokThe app left. Googled it. Metagoogle.';
    const spans = matcher.occurrences(raw, [0, 6]).map((o) => raw.slice(o.start, o.end));
    // "TikTok" ends where its node ends (the read text breaks the block there); "Google" in
    // "Googled" and "google" in "Metagoogle" fail inside one node, as they would when read.
    expect(spans).toEqual(['TikTok']);
    // Case is checked as in the read text: the letters are the same.
    expect(matcher.occurrences('TELEGRAM news', [])).toEqual([]);
    expect(matcher.occurrences('Telegram news', [])).toMatchObject([{ start: 0, end: 8 }]);
    // A seam inside a word lets an alias start there; offsets are shifted by `base`.
    expect(matcher.occurrences('xxTikTok', [102], 100)).toMatchObject([{ start: 2, end: 8 }]);
    expect(matcher.occurrences('xxTikTok', [])).toEqual([]);
  });

  it('loads an automaton compiled before (at build time) that finds the same', () => {
    const loaded = Matcher.load(PATTERNS, JSON.parse(JSON.stringify(compileMatcher(PATTERNS))));
    const text = 'Beijing’s NPC passed the Hong Kong national security law; TikTok, 林郑月娥 and the Star-Telegram reacted.';
    expect(loaded.find(text)).toEqual(matcher.find(text));
    expect(loaded.find(text).map((m) => m.entityId)).toEqual(['npc', 'nsl', 'tiktok', 'carrie-lam']);
    // A text that folds to nothing (a soft hyphen) keeps its place: the patterns after it stay aligned.
    const withEmpty = [...PATTERNS.slice(0, 3), { text: '\u00ad', entityId: 'nothing' }, ...PATTERNS.slice(3)];
    const fresh = buildMatcher(withEmpty);
    const reloaded = Matcher.load(withEmpty, JSON.parse(JSON.stringify(compileMatcher(withEmpty))));
    expect(reloaded.find(text)).toEqual(fresh.find(text));
    expect(reloaded.find(text).map((m) => m.entityId)).toEqual(['npc', 'nsl', 'tiktok', 'carrie-lam']);
    expect(() => Matcher.load(PATTERNS, { ...compileMatcher(PATTERNS), format: 0 })).toThrow(/format/);
    expect(() => Matcher.load(PATTERNS, { ...compileMatcher(PATTERNS), fail: '' })).toThrow(/fit together/);
    expect(() => Matcher.load(PATTERNS, { ...compileMatcher(PATTERNS), tableBits: 8 as 16 })).toThrow(/width/);
    // The patterns are not in the compiled form: other patterns than it was compiled from are refused.
    expect(JSON.stringify(compileMatcher(PATTERNS))).not.toContain('Star-Telegram');
    expect(() => Matcher.load(PATTERNS.slice(1), compileMatcher(PATTERNS))).toThrow(/other patterns/);
    const renamed = PATTERNS.map((p) => (p.text === 'Google' ? { ...p, text: 'Googles' } : p));
    expect(() => Matcher.load(renamed, compileMatcher(PATTERNS))).toThrow(/other patterns/);
  });

  it('stores the tables in 16 bits while they fit, and in 32 once they do not', () => {
    expect(compileMatcher(PATTERNS).tableBits).toBe(16);
    // 7,000 aliases of 12 pseudo-random letters: about 75,000 states, past what 16 bits hold.
    const word = (n: number) => {
      let x = n + 1;
      let w = '';
      for (let k = 0; k < 12; k++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        w += String.fromCharCode(97 + ((x >>> 16) % 26));
      }
      return w;
    };
    const many: Pattern[] = Array.from({ length: 7_000 }, (_, n) => ({ text: `Q${word(n)}`, entityId: `e${n}` }));
    // Built once: the matcher built here, and the same automaton as the build would store it.
    const automaton = buildAutomaton(many);
    const big = new Matcher(many, automaton);
    const compiled = encodeAutomaton(automaton, many);
    expect(compiled.tableBits).toBe(32);
    const loaded = Matcher.load(many, JSON.parse(JSON.stringify(compiled)));
    for (const n of [0, 3_499, 6_999]) {
      const text = `Before Q${word(n)} after.`;
      expect(loaded.find(text)).toEqual(big.find(text));
      expect(loaded.find(text).map((m) => m.entityId)).toEqual([`e${n}`]);
    }
  });

  describe('against a naive reading of the same rules, on random text', () => {
    // A naive reference for ASCII text: fold (lower case; hyphens and white space as one space;
    // soft hyphens gone), try every alias at every place, check boundaries (let through at seams)
    // and case on the raw text.
    // With an alias that begins inside another's words, so that the automaton must fall back from
    // "Hong Kong " to "Kong ", and from "Tik T" to "T".
    const ascii = [...PATTERNS.filter((p) => /^[\x20-\x7e]+$/.test(p.text)), { text: 'Kong Telegram', entityId: 'kong-telegram' }];
    const asciiMatcher = buildMatcher(ascii);
    const isWord = (ch: string | undefined) => ch !== undefined && /\w/.test(ch);
    const shape = (ch: string) => (/[\s-]/.test(ch) ? ' ' : ch);
    const naiveCandidates = (text: string, seams: ReadonlySet<number> = new Set()) => {
      let folded = '';
      const pos: number[] = [];
      for (let i = 0; i < text.length; i++) {
        if (text[i] === '\u00ad') continue;
        const ch = shape(text[i]!).toLowerCase();
        if (ch === ' ' && (folded === '' || folded.endsWith(' '))) continue;
        folded += ch;
        pos.push(i);
      }
      const found: { start: number; end: number; p: Pattern }[] = [];
      for (let k = 0; k < folded.length; k++) {
        for (const p of ascii) {
          const want = p.text.replace(/[\s-]+/g, ' ');
          if (!folded.startsWith(want.toLowerCase(), k)) continue;
          const start = pos[k]!;
          const end = pos[k + want.length - 1]! + 1;
          if (isWord(want[0]) && isWord(text[start - 1]) && !seams.has(start)) continue;
          if (isWord(want.at(-1)) && isWord(text[end]) && !seams.has(end)) continue;
          const caseOk =
            p.anyCase ||
            [...want].every((w, j) => {
              const got = shape(text[pos[k + j]!]!);
              return got === w || (j === 0 && w === w.toLowerCase() && got.toLowerCase() === w);
            });
          if (caseOk) found.push({ start, end, p });
        }
      }
      return found;
    };
    const naiveFind = (text: string) => {
      const found = naiveCandidates(text).sort((a, b) => a.start - b.start || b.end - a.end);
      const out: [number, number, string][] = [];
      let reach = 0;
      for (const c of found) {
        if (c.start < reach) continue;
        reach = c.end;
        if (!c.p.block) out.push([c.start, c.end, c.p.entityId]);
      }
      return out;
    };
    const tokens = [
      'TikTok', 'tiktok', 'Tik Tok', 'Google', 'googled', 'Telegram', 'telegram', 'Star-Telegram', 'Telegram & Gazette',
      'Hong Kong', 'hong kong', 'Hong-Kong', 'national security law', 'National security law', 'NPC', 'npc', 'Carrie Lam',
      'one country, two systems', 'liberate hong kong, revolution of our times', 'x', 'ab', 'Kong', 'Hong', 'law',
      ' ', ' ', ' ', '  ', '-', ',', '.', '&', 'the', 'The', 'Tik', 'Hon', 'na', '\u00ad', 'x\u00ad', 'Hong Kong Telegram', 'Tik TikTok',
    ];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const randomText = () => {
      let text = '';
      const starts: number[] = [];
      const n = 1 + Math.floor(random() * 14);
      for (let t = 0; t < n; t++) {
        starts.push(text.length);
        text += tokens[Math.floor(random() * tokens.length)];
      }
      return { text, starts };
    };

    it('finds what the naive reading finds, leftmost-longest', () => {
      for (let round = 0; round < 600; round++) {
        const { text } = randomText();
        const got = asciiMatcher.find(text).map((m) => [m.start, m.end, m.entityId]);
        expect(got, JSON.stringify(text)).toEqual(naiveFind(text));
      }
    });

    it('finds the occurrences the naive reading finds, with seams where tokens meet', () => {
      const spans = (list: { start: number; end: number }[]) => [...new Set(list.map((o) => `${o.start}-${o.end}`))].sort();
      for (let round = 0; round < 600; round++) {
        const { text, starts } = randomText();
        // Some of the places where tokens meet are where text nodes meet.
        const seams = starts.filter(() => random() < 0.5);
        const got = spans(asciiMatcher.occurrences(text, seams));
        expect(got, JSON.stringify({ text, seams })).toEqual(spans(naiveCandidates(text, new Set(seams))));
      }
    });
  });

  it('knows a word character from the Unicode properties, in every UTF-16 unit', () => {
    const word = /[\p{L}\p{N}_]/u;
    const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
    const wrong: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const ch = String.fromCharCode(code);
      const want = (code >= 0xd800 && code <= 0xdfff) || (word.test(ch) && !unspaced.test(ch));
      if (isWordUnit(code) !== want) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('calls blank only white space it reads as spaces or block breaks, in every UTF-16 unit', () => {
    // A page sends a blank text node as its length, read as spaces: anything else would change what is found.
    const wrong: string[] = [];
    let blank = 0;
    for (let code = 0; code < 0x10000; code++) {
      if (!isBlank(String.fromCharCode(code))) continue;
      blank++;
      if (foldOf(code) !== SPACE && foldOf(code) !== BREAK) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
    expect(blank).toBeGreaterThan(20);
    expect([isBlank('\n\t  \u00a0'), isBlank(''), isBlank(' x '), isBlank(' \ufeff ')]).toEqual([true, false, false, false]);
  });

  it('folds phrases the same way for comparison', () => {
    expect(foldPhrase('  Tik–Tok’s  ')).toBe("tik tok's");
    expect(foldPhrase('光復香港，時代革命')).toBe('光復香港,時代革命');
  });
});
