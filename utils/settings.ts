/**
 * The reader's settings: one zod schema, versioned, with migrations from every older version. A
 * damaged or unknown value in storage falls back to its default for that field only, and a
 * damaged entry of a list drops only itself; the rest of what the reader saved is kept.
 *
 * In storage (browser.storage.sync) each setting has a key of its own, and the long lists are cut
 * into parts that each fit the browser's quota for one item; a list is valid only while its parts
 * fit the room set aside for it, so every valid setting can be saved.
 */
import { onFirstUse, z } from './zod';
import { CATEGORIES, Id, NAMESPACE_SEPARATOR, type Category } from './schema';
import { parseSitePattern, siteMatches } from './sites';

export const SETTINGS_VERSION = 2;
export const HOVER_DELAY_DEFAULT_MS = 200;
export const HOVER_DELAY_MIN_MS = 100;
export const HOVER_DELAY_MAX_MS = 1000;

/**
 * storage.sync's limits, the same in Chrome and Firefox (`QUOTA_BYTES_PER_ITEM`, `QUOTA_BYTES`,
 * `MAX_ITEMS`); an item's size is its key's length plus its value's JSON.
 */
export const SYNC_LIMITS = { bytesPerItem: 8192, bytes: 102_400, items: 512 } as const;

/**
 * How many storage items each long list may fill: the sites get most of the room (a few thousand
 * ordinary host names), hidden terms (short ids) far less. With every other setting they stay
 * well inside the total quota, with room for the one item settings took before they were split.
 */
export const LIST_PARTS = { sites: 8, hiddenEntities: 2 } as const;
export type ListKey = keyof typeof LIST_PARTS;

/** The key of a list's part `i`: the first keeps the setting's own name. */
export function listPartKey(list: ListKey, i: number): string {
  return i === 0 ? list : `${list}.${i}`;
}

const utf8 = new TextEncoder();
function itemBytes(key: string, value: unknown): number {
  return utf8.encode(key).length + utf8.encode(JSON.stringify(value)).length;
}

/** Cuts a list into parts, in order, each of which fits one storage item under its key. */
export function packList(list: ListKey, items: readonly string[]): string[][] {
  const parts: string[][] = [[]];
  let size = itemBytes(listPartKey(list, 0), []);
  for (const item of items) {
    // One more entry costs its JSON and a comma.
    const cost = utf8.encode(JSON.stringify(item)).length + (parts.at(-1)!.length ? 1 : 0);
    if (size + cost > SYNC_LIMITS.bytesPerItem && parts.at(-1)!.length) {
      parts.push([]);
      size = itemBytes(listPartKey(list, parts.length - 1), []);
      size += utf8.encode(JSON.stringify(item)).length;
    } else {
      size += cost;
    }
    parts.at(-1)!.push(item);
  }
  return parts;
}

/** Whether a list fits the items set aside for it. */
export function listFits(list: ListKey, items: readonly string[]): boolean {
  return packList(list, items).length <= LIST_PARTS[list];
}

const SitePattern = onFirstUse(() => z.string().check(
  z.refine((s) => {
    const parsed = parseSitePattern(s);
    return parsed.ok && parsed.pattern === s;
  }, 'is not a site pattern'),
));
/** A bundled entity's id, or a pack's entity's: "pack:entity" (utils/pack.ts). */
const EntityId = onFirstUse(() =>
  z.string().check(
    z.maxLength(100),
    z.refine((s) => {
      const parts = s.split(NAMESPACE_SEPARATOR);
      return parts.length <= 2 && parts.every((part) => Id.safeParse(part).success);
    }, 'is not an entity id'),
  ),
);
const TOO_LONG = 'is longer than the browser can keep in its synced storage';

/** Each list's entries, checked one by one when read. */
const listItems = {
  sites: SitePattern,
  hiddenCategories: onFirstUse(() => z.enum(CATEGORIES)),
  hiddenEntities: EntityId,
} as const;

const fields = {
  version: onFirstUse(() => z.literal(SETTINGS_VERSION)),
  /** Backstory marks nothing anywhere while paused. */
  paused: onFirstUse(() => z.boolean()),
  /** "everywhere-except": the list turns sites off; "only-listed": the list turns sites on. */
  siteMode: onFirstUse(() => z.enum(['everywhere-except', 'only-listed'])),
  sites: onFirstUse(() => z.array(listItems.sites).check(z.refine((l) => listFits('sites', l), TOO_LONG))),
  /** Categories the reader does not want marked (so that new categories are marked by default). */
  hiddenCategories: onFirstUse(() => z.array(listItems.hiddenCategories)),
  /** Mark every mention, not only each entity's first. */
  allMentions: onFirstUse(() => z.boolean()),
  markStyle: onFirstUse(() => z.enum(['underline', 'background', 'none'])),
  hoverDelayMs: onFirstUse(() => z.int().check(z.minimum(HOVER_DELAY_MIN_MS), z.maximum(HOVER_DELAY_MAX_MS))),
  /** Entities the reader asked never to mark. */
  hiddenEntities: onFirstUse(() => z.array(listItems.hiddenEntities).check(z.refine((l) => listFits('hiddenEntities', l), TOO_LONG))),
};

export const SettingsSchema = onFirstUse(() => z.strictObject(fields));
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  version: SETTINGS_VERSION,
  paused: false,
  siteMode: 'everywhere-except',
  sites: [],
  hiddenCategories: [],
  allMentions: false,
  markStyle: 'underline',
  hoverDelayMs: HOVER_DELAY_DEFAULT_MS,
  hiddenEntities: [],
});

type Stored = Record<string, unknown>;

/**
 * Each step upgrades settings saved by one version to the next; nothing the reader chose is lost.
 * Version 1 (the first release) kept the categories to mark; version 2 keeps the ones not to
 * mark, so that a category added to the dataset later is marked for everyone by default.
 */
const MIGRATIONS: Record<number, (old: Stored) => Stored> = {
  1: ({ categories, ...rest }) => ({
    ...rest,
    version: 2,
    hiddenCategories: Array.isArray(categories) ? CATEGORIES.filter((c) => !categories.includes(c)) : [],
  }),
};

/** Brings a stored object of any known older version up to the current one. */
export function migrate(raw: Stored): Stored {
  let current = raw;
  for (let v = Number(current.version); v < SETTINGS_VERSION && MIGRATIONS[v]; v = Number(current.version)) {
    current = MIGRATIONS[v]!(current);
  }
  return current;
}

/**
 * Reads a settings object (as a file or today's storage holds it): older versions are migrated, a
 * valid field is kept, a damaged one takes its default, and a damaged entry of a list is dropped
 * alone (so is a repeated one, and what no longer fits the list's room). Never throws.
 */
export function readSettings(raw: unknown): Settings {
  const input = isObject(raw) ? migrate(raw) : {};
  const out: Record<string, unknown> = { version: SETTINGS_VERSION };
  for (const key of Object.keys(fields) as Array<keyof Settings>) {
    if (key === 'version') continue;
    const value = key in listItems && Array.isArray(input[key]) ? goodItems(key as keyof typeof listItems, input[key]) : input[key];
    const parsed = fields[key].safeParse(value);
    out[key] = parsed.success ? parsed.data : structuredClone(DEFAULT_SETTINGS[key]);
  }
  return out as Settings;
}

function isObject(raw: unknown): raw is Stored {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function goodItems(key: keyof typeof listItems, items: unknown[]): string[] {
  const kept = [...new Set(items.filter((item) => listItems[key].safeParse(item).success) as string[])];
  if (key === 'hiddenCategories') return kept;
  // Only another program could have stored more than fits: keep what fits, in order.
  while (!listFits(key, kept)) kept.pop();
  return kept;
}

/** The key settings were kept under, all in one item, until they were split (see `toStorage`). */
export const LEGACY_SETTINGS_KEY = 'settings';

/** Every storage key settings may be kept under (today's, and the one they were kept under before). */
export const SETTINGS_STORAGE_KEYS: readonly string[] = [
  ...Object.keys(fields).filter((k) => !(k in LIST_PARTS)),
  ...(Object.keys(LIST_PARTS) as ListKey[]).flatMap((list) => Array.from({ length: LIST_PARTS[list] }, (_, i) => listPartKey(list, i))),
  LEGACY_SETTINGS_KEY,
];

/**
 * The storage items for valid settings: one per setting, and each list in all of its parts (the
 * unused ones empty, so that one write replaces a longer list whole).
 */
export function toStorage(settings: Settings): Record<string, unknown> {
  const items: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (!(key in LIST_PARTS)) {
      items[key] = value;
      continue;
    }
    const list = key as ListKey;
    const parts = packList(list, value as string[]);
    for (let i = 0; i < LIST_PARTS[list]; i++) items[listPartKey(list, i)] = parts[i] ?? [];
  }
  return items;
}

/**
 * Reads settings from storage items. Settings still in the one item of earlier builds are taken
 * over the split ones: that item is removed once its settings are split, so while it is there it
 * is newer (an older build syncing from another browser writes it again).
 */
export function fromStorage(items: Record<string, unknown>): Settings {
  const split: Stored = {};
  for (const key of Object.keys(fields)) {
    if (key in LIST_PARTS) {
      const list = key as ListKey;
      const parts = Array.from({ length: LIST_PARTS[list] }, (_, i) => items[listPartKey(list, i)]);
      if (parts.some(Array.isArray)) split[key] = parts.flatMap((p) => (Array.isArray(p) ? (p as unknown[]) : []));
    } else if (key in items) {
      split[key] = items[key];
    }
  }
  const legacy = items[LEGACY_SETTINGS_KEY];
  if (!isObject(legacy)) return readSettings(split);
  // Split settings have no version of their own before the first write: they are today's.
  return readSettings({ ...split, version: split.version ?? SETTINGS_VERSION, ...migrate(legacy) });
}

/** A change refused before it was written: a list would not fit the browser's storage, or a value is not valid (a bug). */
export class SettingsRefused extends Error {
  constructor(
    readonly setting: string,
    readonly tooLong: boolean,
  ) {
    super(`the setting "${setting}" cannot be saved as changed: it ${tooLong ? TOO_LONG : 'is not valid'}`);
    this.name = 'SettingsRefused';
  }

  /** Why `SettingsSchema` refused settings, from its first complaint. */
  static from(error: z.core.$ZodError): SettingsRefused {
    const issue = error.issues[0];
    return new SettingsRefused(String(issue?.path[0] ?? ''), issue?.message === TOO_LONG);
  }
}

/** Whether Backstory marks pages of this host. */
export function isSiteEnabled(settings: Settings, host: string): boolean {
  if (settings.paused) return false;
  const listed = settings.sites.some((p) => siteMatches(p, host));
  return settings.siteMode === 'everywhere-except' ? !listed : listed;
}

/** Turns Backstory on or off for one host, whichever the mode. */
export function setSiteEnabled(settings: Settings, host: string, enabled: boolean): Settings {
  const listed = settings.siteMode === 'only-listed' ? enabled : !enabled;
  const others = settings.sites.filter((p) => p !== host);
  const sites = listed ? [...others, host] : others.filter((p) => !siteMatches(p, host));
  return { ...settings, sites };
}

export function isCategoryShown(settings: Settings, category: Category): boolean {
  return !settings.hiddenCategories.includes(category);
}
