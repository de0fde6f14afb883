/**
 * The one message protocol between the extension's parts. Each request and each response is a zod
 * schema; the receiver validates what it gets, and types come from the schemas.
 */
import { firstIssue, onFirstUse, z } from './zod';
import { CATEGORIES, EntitySchema, IsoDate, SourceSchema } from './schema';
import { MAX_PACK_BYTES } from './pack-limits';

/** The browser command (manifest `commands`) that jumps to the next mention. */
export const NEXT_MENTION_COMMAND = 'next-mention';

const EntityId = onFirstUse(() => z.string().check(z.minLength(1), z.maxLength(100)));
/**
 * A page's text sent to be matched. Extension messages stop at 64 MiB of JSON; no page we have seen
 * reads more than a few megabytes.
 */
const MAX_MATCH_CHARS = 16_000_000;
const PageTextSchema = onFirstUse(() => z.string().check(z.maxLength(MAX_MATCH_CHARS)));
/**
 * A piece of a page's raw text as it is sent to be matched: a text node's text, or, for a node
 * that holds only white space (`isBlank`, utils/matcher/fold.ts), how many characters it holds. On
 * news pages such nodes (the white space between tags) are often half the raw text.
 */
const RawPartSchema = onFirstUse(() => z.union([PageTextSchema, z.int().check(z.nonnegative())]));
export type RawPart = z.infer<typeof RawPartSchema>;
const rawLength = (parts: RawPart[]) => parts.reduce<number>((sum, part) => sum + (typeof part === 'number' ? part : part.length), 0);
/**
 * Where a piece of raw text says a word that context rules ask for: its first places, ascending
 * (MAX_TERM_PLACES, utils/matcher/terms.ts: not imported here, as the runner carries this module
 * and none of the matcher).
 */
const TermPlacesSchema = onFirstUse(() => z.strictObject({ term: z.string().check(z.minLength(1)), at: z.array(z.int().check(z.nonnegative())).check(z.minLength(1)) }));
export type TermPlaces = z.infer<typeof TermPlacesSchema>;
/** "bundled", or a pack's id. */
const DatasetId = onFirstUse(() => z.string().check(z.minLength(1), z.maxLength(100)));

/** Sent to the background by content scripts and extension pages. */
export const BackgroundRequestSchema = onFirstUse(() => z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('lookup'), id: EntityId }),
  /** Several cards at once (the popup's list and timeline). */
  z.strictObject({ type: z.literal('cards'), ids: z.array(EntityId).check(z.maxLength(1000)) }),
  z.strictObject({ type: z.literal('found'), entities: z.int().check(z.minimum(0), z.maximum(100_000)) }),
  z.strictObject({ type: z.literal('status') }),
  z.strictObject({ type: z.literal('rebuild') }),
  /**
   * A page's raw text, as its text nodes' parts: where may aliases be mentioned? (utils/matcher/
   * service.ts: the background matches, so that pages need not load the automaton.)
   */
  z.strictObject({
    type: z.literal('occurrences'),
    parts: z.array(RawPartSchema).check(
      z.maxLength(MAX_MATCH_CHARS),
      z.refine((parts) => rawLength(parts) <= MAX_MATCH_CHARS, `a page text stops at ${MAX_MATCH_CHARS} characters`),
    ),
  }),
  /** Texts read closely around those places: the mentions in each. */
  z.strictObject({ type: z.literal('matches'), texts: z.array(PageTextSchema).check(z.maxLength(100_000)) }),
  /** A page's thin content script asks for the rest of Backstory in its frame (see utils/stages.ts). */
  z.strictObject({ type: z.literal('start') }),
  /** A runner asks for the card's code in its frame (see entrypoints/runner.content/card-loader.ts). */
  z.strictObject({ type: z.literal('card') }),
  /** A runner that has marked its first mention asks for the marks' stylesheet in its frame (utils/stages.ts, MARK_STYLES). */
  z.strictObject({ type: z.literal('mark-styles') }),
  /** The options page's "Datasets": the bundled dataset and the reader's packs (utils/browser/pack-store.ts). */
  z.strictObject({ type: z.literal('datasets') }),
  /**
   * A pack file's text, checked by the background. `replace`: the reader confirmed replacing a
   * loaded pack of the same id. `enabled` and `order` put a removed pack back as it was (undo).
   */
  z.strictObject({
    type: z.literal('pack-add'),
    text: z.string().check(z.maxLength(MAX_PACK_BYTES)),
    file: z.string().check(z.maxLength(500)),
    replace: z.boolean(),
    enabled: z.optional(z.boolean()),
    order: z.optional(z.number()),
  }),
  z.strictObject({ type: z.literal('pack-switch'), id: DatasetId, on: z.boolean() }),
  z.strictObject({ type: z.literal('pack-remove'), id: DatasetId }),
  z.strictObject({ type: z.literal('pack-export'), id: DatasetId }),
]));
export type BackgroundRequest = z.infer<typeof BackgroundRequestSchema>;
/** A pack to add, as the options page sends it (`pack-add` without its type). */
export type PackAddRequest = Omit<Extract<BackgroundRequest, { type: 'pack-add' }>, 'type'>;

/**
 * What goes over a frame's long-lived port (`CHANNEL_PORT`, utils/stages.ts): requests and answers
 * in envelopes, paired by id. Each `runtime.sendMessage` opens a channel of its own, which cost a
 * page more than the text it carries (docs/performance.md). What an envelope carries is checked
 * apart, as a message would be: a request by the background (`BackgroundRequestSchema`), an answer
 * by the page, which knows what it asked (`ResponseSchemas`).
 */
export const ChannelEnvelopeSchema = onFirstUse(() => z.strictObject({ id: z.int(), body: z.unknown() }));
export type ChannelEnvelope = z.infer<typeof ChannelEnvelopeSchema>;

/** Sent to a tab's content script by the popup. */
export const TabRequestSchema = onFirstUse(() => z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('summary') }),
  z.strictObject({ type: z.literal('reveal'), id: EntityId }),
  z.strictObject({ type: z.literal('next') }),
  /** The background published new match data (a pack added, switched or removed): read it and scan again. */
  z.strictObject({ type: z.literal('data-changed') }),
]));
export type TabRequest = z.infer<typeof TabRequestSchema>;

const AlsoInSchema = onFirstUse(() => z.strictObject({ id: EntityId, name: z.string(), origin: z.optional(z.string()) }));

export const EntityCardSchema = onFirstUse(() => z.strictObject({
  // A pack's ids are namespaced ("pack:entity", utils/pack.ts), which the dataset's own id rule refuses.
  entity: z.extend(EntitySchema, { id: EntityId }),
  sources: z.array(z.extend(SourceSchema, { id: z.string() })),
  related: z.array(z.strictObject({ id: EntityId, name: z.string(), relation: z.string() })),
  /** The pack's name, for a pack's entity (the bundled dataset's have none). */
  origin: z.optional(z.string()),
  /** Entities of other datasets that share one of this one's names (see mergeDatasets). */
  alsoIn: z.optional(z.array(AlsoInSchema)),
}));
export type EntityCard = z.infer<typeof EntityCardSchema>;

export const DatasetStatusSchema = onFirstUse(() => z.strictObject({
  version: z.string(),
  entities: z.int(),
  facts: z.int(),
  loadedAt: z.nullable(z.number()),
  source: z.enum(['indexeddb', 'bundled']),
}));
export type DatasetStatus = z.infer<typeof DatasetStatusSchema>;

/** One line of the options page's "Datasets". */
export const DatasetInfoSchema = onFirstUse(() => z.strictObject({
  id: DatasetId,
  kind: z.enum(['bundled', 'pack']),
  name: z.optional(z.string()),
  publisher: z.optional(z.string()),
  version: z.string(),
  date: z.optional(z.string()),
  description: z.optional(z.string()),
  homepage: z.optional(z.string()),
  licence: z.optional(z.string()),
  entities: z.int(),
  facts: z.int(),
  aliases: z.int(),
  bytes: z.int(),
  enabled: z.boolean(),
  /** Its names an earlier dataset in the list claims already (see mergeDatasets). */
  shared: z.int(),
}));
export type DatasetInfo = z.infer<typeof DatasetInfoSchema>;

const PackAddedSchema = onFirstUse(() => z.union([
  z.strictObject({ ok: z.literal(true), added: DatasetInfoSchema, replaced: z.optional(z.string()) }),
  z.strictObject({
    ok: z.literal(false),
    error: z.string(),
    /** What is wrong with the pack: the first MAX_PROBLEMS_LISTED, and how many more. */
    problems: z.optional(z.array(z.string())),
    more: z.optional(z.int()),
    /** A pack of this id is loaded: ask the reader, then send again with `replace`. */
    existing: z.optional(z.strictObject({ name: z.string(), version: z.string(), newVersion: z.string(), comparison: z.int() })),
  }),
]));

export const FoundEntitySchema = onFirstUse(() => z.strictObject({
  id: EntityId,
  name: z.string(),
  category: z.enum(CATEGORIES),
  count: z.int().check(z.positive()),
  /** Its weight in the page's story: how often and how early the page names it (utils/story.ts). */
  weight: z.number().check(z.nonnegative()),
}));
export type FoundEntity = z.infer<typeof FoundEntitySchema>;

const claimShape = () => ({
  entityId: EntityId,
  alias: z.string(),
  requires: z.optional(z.readonly(z.array(z.string()))),
});
/** A mention found (utils/matcher/pattern.ts, `Match`). */
const MatchSchema = onFirstUse(() => z.strictObject({
  start: z.int().check(z.nonnegative()),
  end: z.int().check(z.nonnegative()),
  ...claimShape(),
  rivals: z.optional(z.array(z.strictObject(claimShape()))),
}));

const Failure = onFirstUse(() => z.strictObject({ ok: z.literal(false), error: z.string() }));
const okWith = <T extends z.core.$ZodLooseShape>(shape: T) => z.union([z.strictObject({ ok: z.literal(true), ...shape }), Failure]);

export const ResponseSchemas = {
  lookup: onFirstUse(() => okWith({ card: EntityCardSchema })),
  cards: onFirstUse(() => okWith({ cards: z.array(EntityCardSchema) })),
  found: onFirstUse(() => okWith({})),
  status: onFirstUse(() => okWith({ status: DatasetStatusSchema })),
  rebuild: onFirstUse(() => okWith({ status: DatasetStatusSchema })),
  /**
   * Start and end pairs, flat and ascending; where the text says the words context rules ask for;
   * how far a mention or such a word may stretch in raw text.
   */
  occurrences: onFirstUse(() =>
    okWith({ spans: z.array(z.int().check(z.nonnegative())), terms: z.array(TermPlacesSchema), reach: z.int().check(z.positive()) }),
  ),
  matches: onFirstUse(() =>
    okWith({
      matches: z.array(z.array(MatchSchema)),
      /** The entities the matches name (their claims and rivals'). */
      entities: z.array(z.strictObject({ id: EntityId, name: z.string(), category: z.enum(CATEGORIES) })),
    }),
  ),
  start: onFirstUse(() => okWith({})),
  card: onFirstUse(() => okWith({})),
  'mark-styles': onFirstUse(() => okWith({})),
  datasets: onFirstUse(() => okWith({ datasets: z.array(DatasetInfoSchema) })),
  'pack-add': PackAddedSchema,
  'pack-switch': onFirstUse(() => okWith({})),
  'pack-remove': onFirstUse(() => okWith({ removed: z.strictObject({ text: z.string(), file: z.string(), enabled: z.boolean(), order: z.number() }) })),
  'pack-export': onFirstUse(() => okWith({ text: z.string(), file: z.string() })),
  'data-changed': onFirstUse(() => okWith({})),
  summary: onFirstUse(() =>
    okWith({
      host: z.string(),
      enabled: z.boolean(),
      scanning: z.boolean(),
      found: z.array(FoundEntitySchema),
      /** The article's publication day, when the page states it (utils/page-date.ts). */
      date: z.optional(IsoDate),
    }),
  ),
  reveal: onFirstUse(() => okWith({})),
  next: onFirstUse(() => okWith({})),
} as const;

export type ResponseFor<T extends keyof typeof ResponseSchemas> = z.infer<(typeof ResponseSchemas)[T]>;

type AnyRequest = BackgroundRequest | TabRequest;

/**
 * One handler per request type, each typed by its request and bound to its response schema's
 * type: the compiler refuses a handler that is missing, or that answers what its schema would
 * not accept. `C` is what the receiver knows about the sender.
 */
export type Handlers<R extends AnyRequest, C> = {
  [K in R['type']]: (request: Extract<R, { type: K }>, context: C) => Promise<ResponseFor<K>> | ResponseFor<K>;
};

/** Hands a request to its handler. */
export function dispatch<R extends AnyRequest, C>(handlers: Handlers<R, C>, request: R, context: C): Promise<ResponseFor<R['type']>> {
  // TypeScript cannot relate the handler picked by `request.type` to `request` itself (a
  // correlated union); `Handlers` has already checked each pair.
  const handle = handlers[request.type as R['type']] as (request: R, context: C) => Promise<ResponseFor<R['type']>> | ResponseFor<R['type']>;
  return Promise.resolve(handle(request, context));
}

/** Zod's first complaint, as a sentence a developer can act on. */
export function explain(error: z.core.$ZodError): string {
  return `invalid message: ${firstIssue(error)}`;
}
