/** The scan on small pages in Chromium: what is marked, how changes are read, the measure it leaves. */
import { beforeEach, expect, it } from 'vitest';
import { HIGHLIGHT_NAMES, Mentions, SCAN_MEASURE, topmost } from '../../entrypoints/scanner.content/mentions';
import type { MatchIndex } from '../../utils/match-data';
import type { RawPart } from '../../utils/messages';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import { INDEX, matchingOf, page } from './dom';

const OURS = 'backstory-card';
const marked = () => [...(CSS.highlights.get(HIGHLIGHT_NAMES.underline) ?? [])].map((r) => (r as Range).toString());
const lastMeasure = () => performance.getEntriesByName(SCAN_MEASURE).at(-1) as PerformanceMeasure;

let mentions: Mentions;
beforeEach(() => {
  performance.clearMeasures(SCAN_MEASURE);
  mentions?.clear();
  mentions = new Mentions(matchingOf(INDEX), OURS);
});

it('marks the first mention of each entity, across inline elements, and never inside excluded parts', async () => {
  page(`<main>
    <p>The <em>Hong Kong</em> national security law took effect.</p>
    <p>TikTok left; TikTok said so.</p>
    <textarea>Telegram</textarea><nav>Telegram</nav><backstory-card>Telegram</backstory-card>
  </main>`);
  await mentions.scan(document, DEFAULT_SETTINGS);
  expect(marked()).toEqual(['Hong Kong national security law', 'TikTok']);
  expect(mentions.found().map((f) => [f.id, f.count])).toEqual([['nsl', 1], ['tiktok', 2]]);
  expect(lastMeasure().detail).toMatchObject({ kind: 'full', mentions: 3 });
});

it('sends a long page to the matcher in pieces, and a mention across a cut between pieces is found whole', async () => {
  const sent: number[] = [];
  const matching = matchingOf(INDEX);
  const counting = new Mentions(
    {
      occurrences: (parts) => (sent.push(parts.reduce<number>((n, p) => n + (typeof p === 'number' ? 1 : p.length), 0)), matching.occurrences(parts)),
      matches: (texts) => (sent.push(texts.reduce((n, t) => n + t.length, 0)), matching.matches(texts)),
    },
    OURS,
  );
  try {
    // The alias straddles the first cut (32,768 characters into the raw text); the second paragraph
    // is read closely on its own, more than a piece long.
    const filler = (n: number) => 'word '.repeat(n / 5);
    page(`<main><p>${filler(32_765)}Hong Kong national security law took effect.</p><p>${filler(70_000)}TikTok left, and ${filler(1000)}TikTok said so.</p></main>`);
    await counting.scan(document, { ...DEFAULT_SETTINGS, allMentions: true });
    expect(marked()).toEqual(['Hong Kong national security law', 'TikTok', 'TikTok']);
    expect(sent.length).toBeGreaterThan(3);
    expect(Math.max(...sent)).toBeLessThan(80_000);
  } finally {
    counting.clear();
  }
});

it('sends blank text nodes as their length, in pieces as long as what is sent, and finds a name with white space between its elements', async () => {
  const sent: RawPart[][] = [];
  const matching = matchingOf(INDEX);
  const recording = new Mentions({ occurrences: (parts) => (sent.push(parts), matching.occurrences(parts)), matches: (texts) => matching.matches(texts) }, OURS);
  try {
    const indent = '\n' + ' '.repeat(40);
    page(`<main>${`<p>Bread.</p>${indent}`.repeat(4000)}<p><b>Hong Kong</b>${indent}<i>national security law</i></p>${indent}</main>`);
    await recording.scan(document, DEFAULT_SETTINGS);
    expect(marked().map((text) => text.replace(/\s+/g, ' '))).toEqual(['Hong Kong national security law']);
    // 188,000 characters of raw text, about a seventh of them sent: one piece.
    expect(sent.length).toBe(1);
    expect(sent[0]!.filter((part) => part === indent.length).length).toBe(4002);
    expect(sent[0]!.filter((part) => typeof part === 'string' && part.trim() === '')).toEqual([]);
  } finally {
    recording.clear();
  }
});

it('follows the settings: every mention, hidden entities and categories, no marks', async () => {
  page('<main><p>TikTok and Telegram, then TikTok again, in Hong Kong.</p></main>');
  await mentions.scan(document, { ...DEFAULT_SETTINGS, allMentions: true, hiddenEntities: ['telegram'], hiddenCategories: ['place'] });
  expect(marked()).toEqual(['TikTok', 'TikTok']);
  mentions.refresh({ ...DEFAULT_SETTINGS, markStyle: 'background' });
  expect(marked()).toEqual([]);
  expect([...CSS.highlights.get(HIGHLIGHT_NAMES.background)!].map((r) => (r as Range).toString())).toEqual(['TikTok', 'Telegram', 'Hong Kong']);
});

it('reads what changed, drops marks whose text is gone, and re-reads a changed subtree once', async () => {
  page('<main><div id="feed"><p id="a">Nothing yet.</p></div></main>');
  await mentions.scan(document, DEFAULT_SETTINGS);
  expect(marked()).toEqual([]);
  const feed = document.getElementById('feed')!;
  const p = document.createElement('p');
  p.innerHTML = 'Telegram <b>and TikTok</b>';
  feed.append(p);
  // The paragraph and its children come as separate nodes; each is read once, inside the paragraph.
  await mentions.scanChanged([p, p.firstChild!, p.querySelector('b')!, p.querySelector('b')!.firstChild!], DEFAULT_SETTINGS);
  expect(marked()).toEqual(['Telegram', 'TikTok']);
  expect(mentions.found().map((f) => f.count)).toEqual([1, 1]);
  expect(lastMeasure().detail).toMatchObject({ kind: 'changes', mentions: 2 });
  p.remove();
  await mentions.scanChanged([], DEFAULT_SETTINGS);
  expect(marked()).toEqual([]);
});

it('keeps only the topmost of nested changed nodes, in their order', () => {
  const body = page('<div id="a"><p id="b"><span id="c">x</span></p></div><p id="d">y</p><p id="e"><i id="f">z</i></p>');
  const $ = (id: string) => document.getElementById(id)!;
  expect([...topmost([$('c'), $('a'), $('b'), $('d'), $('f'), $('c')])]).toEqual([$('a'), $('d'), $('f')]);
  expect([...topmost([$('f'), $('e'), body])]).toEqual([body]);
  expect([...topmost([])]).toEqual([]);
});

it('keeps only the topmost of 10,000 nested and flat nodes in linear time', () => {
  const body = page('');
  const flat = Array.from({ length: 10_000 }, () => body.appendChild(document.createElement('p')));
  let deep: HTMLElement = body.appendChild(document.createElement('div'));
  const chain = [deep];
  for (let i = 0; i < 2_000; i++) chain.push((deep = deep.appendChild(document.createElement('span'))));
  const started = performance.now();
  const kept = topmost([...chain.reverse(), ...flat]);
  // Quadratic work (12,000 × 12,000 `contains`) takes seconds here.
  expect(performance.now() - started).toBeLessThan(200);
  expect(kept.size).toBe(10_001);
  expect(kept.has(chain.at(-1)!)).toBe(true);
});

/** Two entities claim "Apple Daily", one only where the page says "Taipei"; "the Post" is the SCMP only where the page names it. */
const RIVALS: MatchIndex = {
  version: 'rivals',
  entities: [
    { id: 'hk-daily', name: 'Apple Daily', category: 'company', aliases: [{ text: 'Apple Daily', lang: 'en' }] },
    { id: 'tw-daily', name: 'Apple Daily (Taiwan)', category: 'company', aliases: [{ text: 'Apple Daily', lang: 'en', requires: ['Taipei'] }] },
    { id: 'scmp', name: 'South China Morning Post', category: 'company', aliases: [{ text: 'the Post', lang: 'en', requires: ['South China Morning Post'] }] },
  ],
};

it('lets what the page says, and its title, choose between entities that claim the same words', async () => {
  const rivals = new Mentions(matchingOf(RIVALS), OURS);
  const title = document.title;
  try {
    page('<main><p>Apple Daily closed, the Post said.</p></main>');
    await rivals.scan(document, DEFAULT_SETTINGS);
    expect(rivals.found().map((f) => f.id)).toEqual(['hk-daily']);
    // Context the page gives only in furniture is no context.
    page('<main><p>Apple Daily closed, the Post said.</p></main><nav>Taipei</nav>');
    await rivals.scan(document, DEFAULT_SETTINGS);
    expect(rivals.found().map((f) => f.id)).toEqual(['hk-daily']);
    document.title = 'Apple Daily closes | South China Morning Post';
    page('<main><p>In Taipei, Apple Daily closed, the Post said.</p></main>');
    await rivals.scan(document, DEFAULT_SETTINGS);
    expect(rivals.found().map((f) => f.id)).toEqual(['tw-daily', 'scmp']);
    expect(marked()).toEqual(['Apple Daily', 'the Post']);
  } finally {
    document.title = title;
    rivals.clear();
  }
});

it('finds a context term across a cut between the pieces sent to the matcher, far from the mention that asks for it', async () => {
  const index: MatchIndex = {
    version: 'rivals',
    entities: [{ id: 'tw-daily', name: 'Apple Daily (Taiwan)', category: 'company', aliases: [{ text: 'Apple Daily', lang: 'en', requires: ['Taipei'] }] }],
  };
  const rivals = new Mentions(matchingOf(index), OURS);
  try {
    // "Taipei" runs from 32,766 to 32,772 in the raw text, across the end of the first piece sent
    // (32,768 characters); the mention is further on, pieces later.
    page(`<main><p>${'word '.repeat(6_553)}aTai<b>pei</b> ${'word '.repeat(20_000)}</p><p>Apple Daily closed.</p></main>`);
    await rivals.scan(document, DEFAULT_SETTINGS);
    expect(rivals.found().map((f) => f.id)).toEqual(['tw-daily']);
  } finally {
    rivals.clear();
  }
});

it('checks the terms a mention added later asks for where the page said them, or in what was added since', async () => {
  const rivals = new Mentions(matchingOf(RIVALS), OURS);
  try {
    page('<main><p>News from Taipei.</p></main><nav>South China Morning Post</nav>');
    await rivals.scan(document, DEFAULT_SETTINGS);
    expect(rivals.found()).toEqual([]);
    const added = document.createElement('p');
    added.textContent = 'Apple Daily closed, the Post said.';
    document.querySelector('main')!.append(added);
    await rivals.scanChanged([added], DEFAULT_SETTINGS);
    // "Taipei" is read; the Post's name only in the menu, which is no context.
    expect(rivals.found().map((f) => f.id)).toEqual(['tw-daily']);
    const more = document.createElement('p');
    more.textContent = 'The South China Morning Post reported it; the Post said so again.';
    document.querySelector('main')!.append(more);
    await rivals.scanChanged([more], DEFAULT_SETTINGS);
    expect(rivals.found().map((f) => f.id).sort()).toEqual(['scmp', 'tw-daily']);
  } finally {
    rivals.clear();
  }
});
