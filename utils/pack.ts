/**
 * Context packs: datasets a reader or a newsroom brings, in the exported format (`npm run
 * data:export`) with a `pack` header. Checked here with the same schemas and rules as
 * `npm run data:check` (utils/dataset.ts), plus a pack's own: no markup in any text, and ids short
 * enough to be namespaced. Then merged, in the order the reader's list shows, with the bundled
 * dataset into the one index pages match against. Pure: the background keeps packs in IndexedDB
 * (utils/browser/pack-store.ts), the command line builds them (data/tools/pack.ts).
 */
import { checkDatasetValue, describeIssues } from './dataset';
import { contentHash } from './hash';
import type { MatchIndex, MatchIndexEntry } from './match-data';
import { toMatchIndex } from './match-index';
import { foldPhrase } from './matcher/fold';
import { Id, IsoDate, NAMESPACE_SEPARATOR, type Dataset, type Entity, type Source } from './schema';
import { onFirstUse, z } from './zod';

/** Problems listed one by one; past these, a count. */
export const MAX_PROBLEMS_LISTED = 20;
/** The list's id of the dataset that ships with the extension. */
export const BUNDLED_ID = 'bundled';
const PACK_ID_MAX = 40;
/** So that "pack:entity" fits the 100 characters the message protocol takes for an entity id. */
const PACK_ENTITY_ID_MAX = 100 - PACK_ID_MAX - NAMESPACE_SEPARATOR.length;

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));

export const PackHeaderSchema = onFirstUse(() => z.strictObject({
  /** Stable across versions: a pack with the id of one already loaded replaces it. */
  id: z.string().check(z.maxLength(PACK_ID_MAX, `must be at most ${PACK_ID_MAX} characters`), z.refine((s) => Id.safeParse(s).success, 'must be lower-case words joined by hyphens, like "hk-courts"')),
  name: Text(100),
  publisher: Text(100),
  version: z.string().check(z.regex(/^\d{1,6}(\.\d{1,6}){0,3}$/, 'must be numbers joined by dots, like "1.0" or "2.1.3"')),
  /** When this version was made. */
  date: IsoDate,
  description: z.optional(Text(500)),
  homepage: z.optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  licence: z.optional(Text(200)),
}));
export type PackHeader = z.infer<typeof PackHeaderSchema>;

export interface Pack {
  pack: PackHeader;
  version: string;
  entities: Entity[];
  sources: Source[];
}

export type PackCheck = { ok: true; pack: Pack; aliases: number } | { ok: false; errors: string[] };

/** A tag, a comment or a processing instruction: text a page would take for markup. */
const MARKUP = /<\s*[a-z!?/]/i;

function markupProblems(pack: Pack, file: string): string[] {
  const problems: string[] = [];
  const check = (where: string, field: string, text: string | null | undefined) => {
    if (typeof text === 'string' && MARKUP.test(text)) problems.push(`${where}: ${field}: must be plain text, not markup`);
  };
  const header = `${file} pack`;
  for (const field of ['name', 'publisher', 'description', 'licence'] as const) check(header, field, pack.pack[field]);
  for (const e of pack.entities) {
    const where = `${file} (entity "${e.id}")`;
    for (const field of ['name', 'wikipedia', 'summary'] as const) check(where, field, e[field]);
    e.aliases.forEach((a, i) => {
      check(where, `aliases[${i}].text`, a.text);
      a.requires?.forEach((r, j) => check(where, `aliases[${i}].requires[${j}]`, r));
    });
    e.notThis?.forEach((p, i) => check(where, `notThis[${i}]`, p));
    e.facts.forEach((f, i) => check(where, `facts[${i}].text`, f.text));
    e.related.forEach((r, i) => check(where, `related[${i}].relation`, r.relation));
    if (e.id.length > PACK_ENTITY_ID_MAX) problems.push(`${where}: id: must be at most ${PACK_ENTITY_ID_MAX} characters in a pack`);
  }
  for (const s of pack.sources) {
    for (const field of ['publisher', 'title'] as const) check(`${file} (source "${s.id}")`, field, s[field]);
  }
  return problems;
}

/**
 * Checks a pack file's text: its header, then its dataset as `npm run data:check -- --file`
 * would, then the pack's own rules. Every problem names the entity (or source) and the field.
 */
export function checkPackText(text: string, file = 'the pack'): PackCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`${file}: is not valid JSON (${(e as Error).message})`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('pack' in raw)) {
    return { ok: false, errors: [`${file}: is not a Backstory pack (it has no "pack" header; see data/README.md)`] };
  }
  const { pack: rawHeader, ...rest } = raw;
  const header = PackHeaderSchema.safeParse(rawHeader);
  const errors = header.success ? [] : describeIssues(`${file} pack`, header.error);
  const checked = checkDatasetValue(rest, file);
  errors.push(...checked.errors);
  if (!header.success || !checked.dataset) return { ok: false, errors };
  const pack: Pack = { pack: header.data, ...checked.dataset };
  const problems = markupProblems(pack, file);
  if (problems.length) return { ok: false, errors: problems };
  return { ok: true, pack, aliases: aliasCount(pack) };
}

export function aliasCount(dataset: { entities: Entity[] }): number {
  return dataset.entities.reduce((n, e) => n + e.aliases.length, 0);
}

export function factCount(dataset: { entities: Entity[] }): number {
  return dataset.entities.reduce((n, e) => n + e.facts.length, 0);
}

/** The first problems, then how many more: what the options page shows. */
export function firstProblems(errors: string[]): { problems: string[]; more: number } {
  return { problems: errors.slice(0, MAX_PROBLEMS_LISTED), more: Math.max(0, errors.length - MAX_PROBLEMS_LISTED) };
}

/** -1, 0 or 1 as version `a` is older than, the same as or newer than `b` ("1.10" is newer than "1.9"). */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

export const qualify = (packId: string, id: string) => `${packId}${NAMESPACE_SEPARATOR}${id}`;

/** Which pack an entity id belongs to (undefined: the bundled dataset's). */
export function packOf(id: string): string | undefined {
  const at = id.indexOf(NAMESPACE_SEPARATOR);
  return at > 0 ? id.slice(0, at) : undefined;
}

/**
 * The pack's dataset with every id in its namespace (entities, what facts are about, related
 * entities, sources): ids stay the pack's own inside its file, and never meet another dataset's.
 */
export function namespaced(pack: Pack): Dataset {
  const q = (id: string) => qualify(pack.pack.id, id);
  return {
    version: pack.version,
    entities: pack.entities.map((e) => ({
      ...e,
      id: q(e.id),
      facts: e.facts.map((f) => ({ ...f, sources: f.sources.map(q), ...(f.about ? { about: f.about.map(q) } : {}) })),
      related: e.related.map((r) => ({ ...r, id: q(r.id) })),
    })),
    sources: pack.sources.map((s) => ({ ...s, id: q(s.id) })),
  };
}

/** One dataset of the reader's list, in its place: the bundled one, or a pack (namespaced). */
export interface MergePart {
  /** BUNDLED_ID or the pack's id. */
  key: string;
  /** The pack's name; undefined for the bundled dataset (the views name it in the reader's language). */
  origin?: string;
  dataset: Dataset;
}

/** Another dataset's entity that claims one of this one's names: the card says "Also in …". */
export interface AlsoIn {
  id: string;
  name: string;
  origin?: string;
}

export interface Merged {
  index: MatchIndex;
  /** By entity id: the entities of other datasets that share one of its names. */
  alsoIn: Map<string, AlsoIn[]>;
  /** By dataset key: how many of its names an earlier dataset in the list already claims. */
  shared: Map<string, number>;
}

/**
 * The datasets switched on, in the list's order, as one match index. Within a dataset, its own
 * rules hold (data:check lets two entities share an alias only with "requires" rules). Across
 * datasets the first in the list that claims a name keeps it: a page marks that entity, and its
 * card lists the later datasets' entities of that name under "Also in …" (and theirs, reached
 * from there, list it back). Nothing is dropped silently: the options page shows, for each pack,
 * how many of its names are shared. A later dataset's "notThis" phrase that is an earlier one's
 * name is left out too, as it would keep that name from being marked.
 */
export function mergeDatasets(parts: MergePart[]): Merged {
  const owner = new Map<string, { key: string; entities: MatchIndexEntry[] }>();
  const alsoIn = new Map<string, AlsoIn[]>();
  const shared = new Map<string, number>();
  const origins = new Map<string, string | undefined>();
  const entities: MatchIndexEntry[] = [];
  const link = (a: MatchIndexEntry, b: MatchIndexEntry) => {
    const list = alsoIn.get(a.id) ?? [];
    if (!list.some((x) => x.id === b.id)) list.push({ id: b.id, name: b.name, ...(origins.get(b.id) ? { origin: origins.get(b.id) } : {}) });
    alsoIn.set(a.id, list);
  };
  for (const part of parts) {
    const claimed = new Map<string, MatchIndexEntry[]>();
    let sharedHere = 0;
    for (const entry of toMatchIndex(part.dataset).entities) {
      origins.set(entry.id, part.origin);
      const aliases = entry.aliases.filter((alias) => {
        const key = foldPhrase(alias.text);
        const first = owner.get(key);
        if (first && first.key !== part.key) {
          sharedHere++;
          for (const other of first.entities) {
            link(other, entry);
            link(entry, other);
          }
          return false;
        }
        claimed.set(key, [...(claimed.get(key) ?? []), entry]);
        return true;
      });
      const notThis = entry.notThis?.filter((phrase) => {
        const first = owner.get(foldPhrase(phrase));
        return !first || first.key === part.key;
      });
      const kept: MatchIndexEntry = { ...entry, aliases };
      if (notThis?.length) kept.notThis = notThis;
      else delete kept.notThis;
      entities.push(kept);
    }
    for (const [key, list] of claimed) if (!owner.has(key)) owner.set(key, { key: part.key, entities: list });
    shared.set(part.key, sharedHere);
  }
  const version = contentHash(JSON.stringify(parts.map((p) => [p.key, p.dataset.version])));
  return { index: { version, entities }, alsoIn, shared };
}
