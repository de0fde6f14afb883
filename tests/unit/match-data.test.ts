import { describe, expect, it } from 'vitest';
import { readDataset } from '../../data/tools/read';
import {
  fromStoredParts,
  INDEX_PIECE_CHARS,
  MATCH_DATA_KEY,
  PART_CHARS,
  parseIndexPiece,
  partKey,
  readStoredHead,
  splitText,
  toMatchData,
  toStorageItems,
  type MatchData,
  type MatchIndex,
  type StoredHead,
} from '../../utils/match-data';
import { toMatchIndex, toPatterns } from '../../utils/match-index';
import { buildMatcher, compileMatcher } from '../../utils/matcher/build';
import { Matcher } from '../../utils/matcher/runtime';

const { dataset } = readDataset();
const index = toMatchIndex(dataset!);
const data = toMatchData(index, compileMatcher(toPatterns(index)));
/** What storage hands back: a copy, as JSON (Chrome stores values as JSON). */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
const parsedIndex = (pieces: string[]) => pieces.flatMap(parseIndexPiece);
/** Writes `value` as the background does, and reads it back as a content script does. */
function roundTrip(value: MatchData, id = value.id) {
  const items = stored(toStorageItems(value));
  const known = readStoredHead(items[MATCH_DATA_KEY], id);
  if (!known || 'error' in known) return known;
  return fromStoredParts(known.head, Array.from({ length: known.head.parts }, (_, i) => items[partKey(i)]));
}

describe('match data in storage', () => {
  it('comes back as the index and automaton it was made from, and finds what they find', () => {
    const read = roundTrip(data);
    expect(read).toEqual({ data });
    if (!read || 'error' in read) throw new Error('unreadable');
    const back: MatchIndex = { version: read.data.version, entities: parsedIndex(read.data.index) };
    expect(back).toEqual(index);
    const text = 'TikTok left Hong Kong after the national security law took effect.';
    const fresh = buildMatcher(toPatterns(index)).find(text);
    expect(fresh.length).toBeGreaterThan(1);
    expect(Matcher.load(toPatterns(back), read.data.compiled).find(text)).toEqual(fresh);
  });

  it('stores a large dataset in parts, and splits its index into pieces parsed one at a time, in order', () => {
    const entities = Array.from({ length: 2_000 }, (_, i) => ({
      id: `e${i}`,
      name: `Alias${i} Corp`,
      category: 'company' as const,
      aliases: [{ text: `Alias${i} Corp`, lang: 'en' }],
    }));
    // One entity longer than a piece: a piece of its own.
    const huge = { ...entities[0]!, id: 'huge', aliases: Array.from({ length: 3_000 }, (_, i) => ({ text: `Huge${i}`, lang: 'en' })) };
    entities.splice(1000, 0, huge);
    const big: MatchIndex = { version: 'v', entities };
    const made = toMatchData(big, compileMatcher(toPatterns(big)));
    expect(made.index.length).toBeGreaterThan(3);
    expect(made.index.filter((piece) => piece.length > INDEX_PIECE_CHARS)).toEqual([JSON.stringify([huge])]);
    expect(parsedIndex(made.index)).toEqual(entities);
    const items = toStorageItems(made);
    const parts = (items[MATCH_DATA_KEY] as { parts: number }).parts;
    expect(parts).toBeGreaterThan(1);
    expect(Object.keys(items)).toHaveLength(parts + 1);
    expect(roundTrip(made)).toEqual({ data: made });
  });

  it('never cuts its text between the two halves of a character', () => {
    const text = `${'a'.repeat(PART_CHARS - 1)}😀${'b'.repeat(10)}`;
    const pieces = splitText(text, PART_CHARS);
    expect(pieces.join('')).toBe(text);
    expect(pieces[0]).toHaveLength(PART_CHARS - 1);
    expect(pieces[1]!.startsWith('😀')).toBe(true);
    expect(splitText('', 4)).toEqual(['']);
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('is named by its content: the same data keeps its id, other data gets another', () => {
    expect(toMatchData(index, data.compiled).id).toBe(data.id);
    const renamed = { ...index, entities: index.entities.map((e, i) => (i === 0 ? { ...e, name: `${e.name}!` } : e)) };
    expect(toMatchData(renamed, data.compiled).id).not.toBe(data.id);
  });

  it("takes nothing, or another build's data, as not there yet", () => {
    expect(readStoredHead(undefined, data.id)).toBeUndefined();
    expect(roundTrip(data, 'another-build')).toBeUndefined();
  });

  it('says what is wrong with damaged data', () => {
    const items = stored(toStorageItems(data));
    const head = items[MATCH_DATA_KEY] as StoredHead;
    const part = items[partKey(0)] as string;
    expect(head.parts).toBe(1);
    const withHead = (change: object) => readStoredHead({ ...head, ...change }, data.id);
    expect(withHead({ compiled: { ...head.compiled, tableBits: 8 } })).toEqual({ error: expect.stringMatching(/^stored match data: compiled\.tableBits: /) });
    expect(withHead({ parts: 0 })).toEqual({ error: expect.stringMatching(/^stored match data: parts: /) });
    expect(withHead({ lengths: [1, 2] })).toEqual({ error: expect.stringMatching(/^stored match data: lengths: /) });
    expect(readStoredHead('a string', data.id)).toEqual({ error: expect.stringMatching(/^stored match data: /) });
    expect(fromStoredParts(head, [part.slice(0, 100)])).toEqual({ error: 'stored match data: its parts are shorter than its head says' });
    expect(fromStoredParts(head, [part + 'more'])).toEqual({ error: 'stored match data: its parts are longer than its head says' });
    expect(fromStoredParts({ ...head, parts: 2 }, [part, undefined])).toEqual({ error: 'stored match data: part 1 is missing' });
    expect(() => parseIndexPiece('[{"id": "x"')).toThrow(/^stored match index: not JSON/);
    expect(() => parseIndexPiece('[{"id": "x", "name": "X", "category": "spaceship", "aliases": []}]')).toThrow(/^stored match index: 0\.category: /);
  });
});
