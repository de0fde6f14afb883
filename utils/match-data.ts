/**
 * What a content script needs to find mentions: the match index and the matcher's automaton,
 * compiled from it at build time. The background publishes them in extension storage and each page
 * reads them from there, not from inside a content script: a page compiles every byte of a script
 * in the task that injects it, and a large dataset's data would make that one task long on every
 * page (docs/performance.md). From storage the data arrives in parts, a task each, as strings, and
 * the index is parsed a piece at a time.
 */
import { contentHash } from './hash';
import { CATEGORIES } from './schema';
import { firstIssue, onFirstUse, z } from './zod';

/** The key in `browser.storage.local` of the head: which data is stored, in how many parts. */
export const MATCH_DATA_KEY = 'matchData';
/**
 * The data's long texts (the automaton's tables, the index's pieces) are joined and stored in parts
 * of at most this many characters under keys of their own (`partKey`): the browser hands a content
 * script each value it reads in one task, so one large value would be one long task.
 */
export const PART_CHARS = 256 * 1024;
export const partKey = (part: number) => `${MATCH_DATA_KEY}/${part}`;
/** The most parts a stored head may name (2.6 billion characters): one naming more is damaged. */
export const MAX_PARTS = 10_000;
/**
 * The index is stored in pieces of whole entities, each at most about this long as JSON (unless
 * one entity alone is longer): each piece is parsed and checked in a task of its own.
 */
export const INDEX_PIECE_CHARS = 64 * 1024;

const IndexAliasSchema = onFirstUse(() => z.strictObject({
  text: z.string(),
  lang: z.string(),
  anyCase: z.optional(z.boolean()),
  requires: z.optional(z.array(z.string())),
}));

/** One entity as the content script knows it: no facts, no sources. */
export const MatchIndexEntrySchema = onFirstUse(() => z.strictObject({
  id: z.string(),
  name: z.string(),
  category: z.enum(CATEGORIES),
  aliases: z.array(IndexAliasSchema),
  notThis: z.optional(z.array(z.string())),
}));
export type MatchIndexEntry = z.infer<typeof MatchIndexEntrySchema>;

const IndexPieceSchema = onFirstUse(() => z.array(MatchIndexEntrySchema));

export interface MatchIndex {
  version: string;
  entities: MatchIndexEntry[];
}

/**
 * A matcher's automaton as JSON-safe data: its tables as base64 of their bytes (little-endian, as
 * every browser's typed arrays are in practice). Not the patterns: whoever loads it has them (in
 * the match index), and passes the same, in the same order.
 */
export const CompiledMatcherSchema = onFirstUse(() => z.strictObject({
  /** Bumped whenever the compiled form changes shape. */
  format: z.int(),
  /** How many patterns it was compiled from, and their texts' and entity ids' length: a check on what is passed. */
  patternCount: z.int(),
  patternChars: z.int(),
  /** The longest pattern, in folded units. */
  longest: z.int(),
  /** Pairs of (unit, state) leaving the root. */
  rootEdges: z.array(z.int()),
  alphabet: z.array(z.int()),
  /**
   * 16 when every number in the tables below (states, edges, patterns) fits in 16 bits, as it does
   * for any dataset of a few hundred aliases: they are stored at half the size. Else 32.
   */
  tableBits: z.union([z.literal(16), z.literal(32)]),
  edgeStart: z.string(),
  edgeUnit: z.string(),
  edgeNext: z.string(),
  fail: z.string(),
  outStart: z.string(),
  outList: z.string(),
}));
export type CompiledMatcher = z.infer<typeof CompiledMatcherSchema>;

export const MatchDataSchema = onFirstUse(() => z.strictObject({
  /** A hash of everything below: the content script knows the one its build expects. */
  id: z.string().check(z.minLength(1)),
  /** The dataset's version. */
  version: z.string(),
  /**
   * The id of the build's own match data, when this is the reader's merge of it with packs
   * (utils/browser/pack-store.ts): a page of that build takes it as its own.
   */
  build: z.optional(z.string()),
  /** The index's entities, in pieces: each a JSON array (see INDEX_PIECE_CHARS). */
  index: z.array(z.string()),
  compiled: CompiledMatcherSchema,
}));
export type MatchData = z.infer<typeof MatchDataSchema>;

/** The index and automaton as stored, under their content hash. */
export function toMatchData(index: MatchIndex, compiled: CompiledMatcher): MatchData {
  const pieces: string[] = [];
  let piece: string[] = [];
  let length = 0;
  for (const entity of index.entities) {
    const json = JSON.stringify(entity);
    if (piece.length && length + json.length > INDEX_PIECE_CHARS) {
      pieces.push(`[${piece.join(',')}]`);
      piece = [];
      length = 0;
    }
    piece.push(json);
    length += json.length + 1;
  }
  pieces.push(`[${piece.join(',')}]`);
  const content = { version: index.version, index: pieces, compiled };
  return { id: contentHash(JSON.stringify(content)), ...content };
}

/** The automaton's tables: the long texts of the compiled form, stored in parts. */
const TABLE_MASK = { edgeStart: true, edgeUnit: true, edgeNext: true, fail: true, outStart: true, outList: true } as const;
const TABLES = Object.keys(TABLE_MASK) as Array<keyof typeof TABLE_MASK>;

const StoredHeadSchema = onFirstUse(() => z.strictObject({
  id: z.string().check(z.minLength(1)),
  version: z.string(),
  build: z.optional(z.string()),
  /** The compiled form but its tables. */
  compiled: z.omit(CompiledMatcherSchema, TABLE_MASK),
  /** The length of each long text, in the order they are joined: the tables, then the index's pieces. */
  lengths: z.array(z.int().check(z.minimum(0))).check(z.minLength(TABLES.length)),
  /** How many parts the joined texts are cut into. */
  parts: z.int().check(z.minimum(1), z.maximum(MAX_PARTS)),
}));
export type StoredHead = z.infer<typeof StoredHeadSchema>;

/** Cuts `text` into pieces of at most `size` units, never between the two halves of a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length || pieces.length === 0; ) {
    let end = Math.min(text.length, at + size);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff && end - 1 > at) end--;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}

/**
 * What the background writes: a head with the short fields, and the long texts (tables and index
 * pieces) joined and cut into parts. No part needs parsing: the texts are sliced out again.
 */
export function toStorageItems(data: MatchData): Record<string, unknown> {
  const texts = [...TABLES.map((name) => data.compiled[name]), ...data.index];
  const compiled: Partial<CompiledMatcher> = { ...data.compiled };
  for (const name of TABLES) delete compiled[name];
  const parts = splitText(texts.join(''), PART_CHARS);
  const head: StoredHead = {
    id: data.id,
    version: data.version,
    ...(data.build ? { build: data.build } : {}),
    compiled: compiled as StoredHead['compiled'],
    lengths: texts.map((t) => t.length),
    parts: parts.length,
  };
  const items: Record<string, unknown> = { [MATCH_DATA_KEY]: head };
  parts.forEach((part, i) => (items[partKey(i)] = part));
  return items;
}

/**
 * Checks the stored head against the data this build expects (its own, or the reader's merge of
 * it with packs): undefined when there is none or it names another build's (the background has
 * not published this build's yet), else the head or what is wrong with it.
 */
export function readStoredHead(raw: unknown, id: string): { head: StoredHead } | { error: string } | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'object' && raw !== null && (raw as { id?: unknown }).id !== id && (raw as { build?: unknown }).build !== id) return undefined;
  const parsed = StoredHeadSchema.safeParse(raw);
  if (!parsed.success) return { error: `stored match data: ${firstIssue(parsed.error)}` };
  return { head: parsed.data };
}

/** The data from its checked head and its stored parts, in order: it or what is wrong with it. */
export function fromStoredParts(head: StoredHead, parts: unknown[]): { data: MatchData } | { error: string } {
  const missing = parts.findIndex((p) => typeof p !== 'string');
  if (missing !== -1) return { error: `stored match data: part ${missing} is missing` };
  const texts: string[] = [];
  // Each text sliced out of the parts it spans, and only those joined: the tables are plain ASCII,
  // and joining them with the index's Chinese text would copy all of it into a wider string.
  let part = 0;
  let at = 0;
  for (const length of head.lengths) {
    const chunks: string[] = [];
    for (let left = length; left > 0; ) {
      const text = parts[part] as string | undefined;
      if (text === undefined) return { error: 'stored match data: its parts are shorter than its head says' };
      const end = Math.min(text.length, at + left);
      chunks.push(text.slice(at, end));
      left -= end - at;
      at = end;
      if (at === text.length) [part, at] = [part + 1, 0];
    }
    texts.push(chunks.join(''));
  }
  if (part < parts.length) return { error: 'stored match data: its parts are longer than its head says' };
  // Nothing left to check: the head was, every part is a string, and the index's pieces are
  // checked as they are parsed.
  const tables = Object.fromEntries(TABLES.map((name, i) => [name, texts[i]!])) as Record<(typeof TABLES)[number], string>;
  const build = head.build ? { build: head.build } : {};
  return { data: { id: head.id, version: head.version, ...build, index: texts.slice(TABLES.length), compiled: { ...head.compiled, ...tables } } };
}

/** One piece of the index, parsed and checked; throws saying what is wrong. */
export function parseIndexPiece(piece: string): MatchIndexEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(piece);
  } catch (e) {
    throw new Error(`stored match index: not JSON (${(e as Error).message})`);
  }
  const parsed = IndexPieceSchema.safeParse(value);
  if (!parsed.success) throw new Error(`stored match index: ${firstIssue(parsed.error)}`);
  return parsed.data;
}
