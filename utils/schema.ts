/**
 * The dataset's shape, in one place. Every type the extension uses for the dataset is inferred
 * from these schemas; `data/README.md` documents the same format for contributors.
 */
import { onFirstUse, z } from './zod';

export const CATEGORIES = [
  'person',
  'company',
  'product',
  'law',
  'institution',
  'place',
  'concept',
  'slogan',
  'event',
] as const;

export const SUMMARY_MAX_CHARS = 300;
/** A card with fewer dated facts than this gives a reader too little to go on. */
export const MIN_FACTS_PER_ENTITY = 3;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a real calendar date. */
export const IsoDate = onFirstUse(() =>
  z.string().check(
    z.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD'),
    z.refine(isRealDate, 'is not a real calendar date'),
  ),
);

/** A source's date of publication, in full: a reader looks the page up by it. */
const PublishedDate = onFirstUse(() =>
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be the full date of publication, YYYY-MM-DD'), z.refine(isRealDate, 'is not a real calendar date')),
);

function isRealDate(value: string): boolean {
  const [y = 0, m, d] = value.split('-').map(Number);
  if (m === undefined) return true;
  if (m < 1 || m > 12) return false;
  if (d === undefined) return true;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Between a pack's id and its entity's own ("pack:entity", utils/pack.ts): bundled ids never hold
 * it, as `Id` allows only lower-case words and hyphens.
 */
export const NAMESPACE_SEPARATOR = ':';

export const Id = onFirstUse(() => z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, like "carrie-lam"')));

/** BCP 47 tags we write aliases in: "en", "zh-Hant", "zh-Hans", "de" … */
const Lang = onFirstUse(() => z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag like "en" or "zh-Hant"')));

/** Text with its ends trimmed, and not empty. */
const Text = (max?: number, maxMessage?: string) =>
  z.string().check(z.trim(), z.minLength(1, 'must not be empty'), ...(max === undefined ? [] : [z.maxLength(max, maxMessage)]));

export const AliasSchema = onFirstUse(() => z.strictObject({
  /** The words as they appear on a page. */
  text: Text(200),
  lang: Lang,
  /**
   * Match regardless of letter case ("TIKTOK", "tiktok"). By default an alias matches as written,
   * and a lower-case alias also matches with a capital first letter (sentence start).
   */
  anyCase: z.optional(z.boolean()),
  /**
   * The alias is ambiguous on its own ("NPC", "Lam", "the Chief Executive"): it counts only when the
   * same page also mentions one of these words.
   */
  requires: z.optional(z.array(z.string().check(z.trim(), z.minLength(1))).check(z.minLength(1))),
}));

export const FactSchema = onFirstUse(() => z.strictObject({
  /** In our own words, one or two sentences. */
  text: Text(500),
  /** The date of the event the fact reports (not of its sources). */
  date: IsoDate,
  sources: z.array(z.string()).check(z.minLength(1, 'needs at least one source id')),
  /** The fact reports a plan or an announcement, whose sources may come before the date it names. */
  plan: z.optional(z.boolean()),
  /** Other entities the fact involves: a card tells which facts tie its entity to the rest of the page. */
  about: z.optional(z.array(z.string()).check(z.minLength(1, 'must list at least one entity id, or be left out'))),
}));

export const RelatedSchema = onFirstUse(() => z.strictObject({
  id: z.string(),
  relation: z.string().check(z.trim(), z.minLength(1, 'must name the relation, like "owned by"')),
}));

export const EntitySchema = onFirstUse(() => z.strictObject({
  id: Id,
  name: Text(),
  /**
   * The English Wikipedia article's title ("Carrie Lam", "Apple Inc."): how labels and entities
   * meet. null where English Wikipedia has no article of its own on the entity: never a title
   * that only looks right.
   */
  wikipedia: z.nullable(Text(200)),
  category: z.enum(CATEGORIES),
  summary: Text(SUMMARY_MAX_CHARS, `must be at most ${SUMMARY_MAX_CHARS} characters`),
  aliases: z.array(AliasSchema).check(z.minLength(1, 'needs at least one alias')),
  /** Phrases that contain an alias but are something else ("Star-Telegram" is not the app). */
  notThis: z.optional(z.array(z.string().check(z.trim(), z.minLength(1)))),
  facts: z.array(FactSchema).check(z.minLength(MIN_FACTS_PER_ENTITY, `needs at least ${MIN_FACTS_PER_ENTITY} dated facts`)),
  related: z._default(z.array(RelatedSchema), []),
}));

export const SourceSchema = onFirstUse(() => z.strictObject({
  id: Id,
  publisher: Text(),
  title: Text(),
  date: PublishedDate,
  // The page the writer read: a reader must be able to check every fact.
  url: z.url({ protocol: /^https$/, error: (issue) => (issue.input === undefined ? undefined : 'must be the https URL of the page you read') }),
}));

export const SourcesFileSchema = onFirstUse(() => z.strictObject({ sources: z.array(SourceSchema) }));

export const DatasetSchema = onFirstUse(() => z.strictObject({
  version: z.string().check(z.minLength(1)),
  entities: z.array(EntitySchema),
  sources: z.array(SourceSchema),
}));

export type Category = (typeof CATEGORIES)[number];
export type Alias = z.infer<typeof AliasSchema>;
export type Fact = z.infer<typeof FactSchema>;
export type Entity = z.infer<typeof EntitySchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Dataset = z.infer<typeof DatasetSchema>;
