/**
 * What a content script needs to find mentions: the match index and the matcher's automaton,
 * compiled from it at build time. The background publishes them in extension storage and each page
 * reads them from there. They used to travel inside the content script, but a page compiles every
 * byte of that script in the task that injects it: with 20,000 aliases (4.6 MB) that one task took
 * 160–200 ms on every page. Read from storage, the data arrives as plain strings, and the index is
 * parsed a piece at a time.
 */
import { contentHash } from './hash';
import { CATEGORIES } from './schema';
import { firstIssue, onFirstUse, z } from './zod';

/** The key in `browser.storage.local`. */
export const MATCH_DATA_KEY = 'matchData';
/** Entities per piece of the index: each piece is parsed (and checked) in a task of its own. */
export const INDEX_PIECE_ENTITIES = 2_000;

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
  /** The index's entities, in pieces: each a JSON array of at most INDEX_PIECE_ENTITIES entries. */
  index: z.array(z.string()),
  compiled: CompiledMatcherSchema,
}));
export type MatchData = z.infer<typeof MatchDataSchema>;

/** The index and automaton as stored, under their content hash. */
export function toMatchData(index: MatchIndex, compiled: CompiledMatcher): MatchData {
  const pieces: string[] = [];
  for (let i = 0; i < index.entities.length; i += INDEX_PIECE_ENTITIES) {
    pieces.push(JSON.stringify(index.entities.slice(i, i + INDEX_PIECE_ENTITIES)));
  }
  const content = { version: index.version, index: pieces, compiled };
  return { id: contentHash(JSON.stringify(content)), ...content };
}

/**
 * Checks what storage holds against the data this build expects: undefined when it is not there
 * yet or is another build's (the background has not published this build's data), else the data
 * or what is wrong with it.
 */
export function readMatchData(raw: unknown, id: string): { data: MatchData } | { error: string } | undefined {
  if (raw === undefined || (typeof raw === 'object' && raw !== null && (raw as { id?: unknown }).id !== id)) return undefined;
  const parsed = MatchDataSchema.safeParse(raw);
  if (!parsed.success) return { error: `stored match data: ${firstIssue(parsed.error)}` };
  return { data: parsed.data };
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
