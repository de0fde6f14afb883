import { describe, expect, it } from 'vitest';
import { readDataset } from '../../data/tools/read';
import { INDEX_PIECE_ENTITIES, parseIndexPiece, readMatchData, toMatchData, type MatchIndex } from '../../utils/match-data';
import { toMatchIndex, toPatterns } from '../../utils/match-index';
import { Matcher } from '../../utils/matcher';

const { dataset } = readDataset();
const index = toMatchIndex(dataset!);
const data = toMatchData(index, new Matcher(toPatterns(index)).compile());
/** What storage hands back: a copy, as JSON (Chrome stores values as JSON). */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const parsedIndex = (pieces: string[]) => pieces.flatMap(parseIndexPiece);

describe('match data in storage', () => {
  it('comes back as the index and automaton it was made from, and finds what they find', () => {
    const read = readMatchData(stored(data), data.id);
    expect(read).toEqual({ data });
    if (!read || 'error' in read) throw new Error('unreadable');
    const back: MatchIndex = { version: read.data.version, entities: parsedIndex(read.data.index) };
    expect(back).toEqual(index);
    const text = 'TikTok left Hong Kong after the national security law took effect.';
    const fresh = new Matcher(toPatterns(index)).find(text);
    expect(fresh.length).toBeGreaterThan(1);
    expect(new Matcher(toPatterns(back), read.data.compiled).find(text)).toEqual(fresh);
  });

  it('splits a large index into pieces parsed one at a time, in order', () => {
    const entities = Array.from({ length: 2 * INDEX_PIECE_ENTITIES + 5 }, (_, i) => ({
      id: `e${i}`,
      name: `Alias${i} Corp`,
      category: 'company' as const,
      aliases: [{ text: `Alias${i} Corp`, lang: 'en' }],
    }));
    const big: MatchIndex = { version: 'v', entities };
    const made = toMatchData(big, new Matcher(toPatterns(big)).compile());
    expect(made.index).toHaveLength(3);
    expect(parsedIndex(made.index)).toEqual(entities);
  });

  it('is named by its content: the same data keeps its id, other data gets another', () => {
    expect(toMatchData(index, data.compiled).id).toBe(data.id);
    const renamed = { ...index, entities: index.entities.map((e, i) => (i === 0 ? { ...e, name: `${e.name}!` } : e)) };
    expect(toMatchData(renamed, data.compiled).id).not.toBe(data.id);
  });

  it("takes nothing, or another build's data, as not there yet", () => {
    expect(readMatchData(undefined, data.id)).toBeUndefined();
    expect(readMatchData(stored({ ...data, id: 'another-build' }), data.id)).toBeUndefined();
  });

  it('says what is wrong with damaged data', () => {
    const damaged = (change: object) => readMatchData(stored({ ...data, ...change }), data.id);
    expect(damaged({ compiled: { ...data.compiled, tableBits: 8 } })).toEqual({ error: expect.stringMatching(/^stored match data: compiled\.tableBits: /) });
    expect(damaged({ index: 'not a list' })).toEqual({ error: expect.stringMatching(/^stored match data: index: /) });
    expect(readMatchData('a string', data.id)).toEqual({ error: expect.stringMatching(/^stored match data: /) });
    expect(() => parseIndexPiece('[{"id": "x"')).toThrow(/^stored match index: not JSON/);
    expect(() => parseIndexPiece('[{"id": "x", "name": "X", "category": "spaceship", "aliases": []}]')).toThrow(/^stored match index: 0\.category: /);
  });
});
