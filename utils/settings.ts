/**
 * The reader's settings: one zod schema, versioned, with migrations from every older version. A
 * damaged or unknown value in storage falls back to its default for that field only; the rest of
 * what the reader saved is kept.
 */
import { onFirstUse, z } from './zod';
import { CATEGORIES, type Category } from './schema';
import { parseSitePattern, siteMatches } from './sites';

export const SETTINGS_VERSION = 2;
export const HOVER_DELAY_DEFAULT_MS = 200;
export const HOVER_DELAY_MIN_MS = 100;
export const HOVER_DELAY_MAX_MS = 1000;
/** Lists this long are plenty for a person and keep storage.sync within its quota. */
const MAX_LIST = 500;

const SitePattern = onFirstUse(() => z.string().check(
  z.refine((s) => {
    const parsed = parseSitePattern(s);
    return parsed.ok && parsed.pattern === s;
  }, 'is not a site pattern'),
));

const fields = {
  version: onFirstUse(() => z.literal(SETTINGS_VERSION)),
  /** Backstory marks nothing anywhere while paused. */
  paused: onFirstUse(() => z.boolean()),
  /** "everywhere-except": the list turns sites off; "only-listed": the list turns sites on. */
  siteMode: onFirstUse(() => z.enum(['everywhere-except', 'only-listed'])),
  sites: onFirstUse(() => z.array(SitePattern).check(z.maxLength(MAX_LIST))),
  /** Categories the reader does not want marked (so that new categories are marked by default). */
  hiddenCategories: onFirstUse(() => z.array(z.enum(CATEGORIES))),
  /** Mark every mention, not only each entity's first. */
  allMentions: onFirstUse(() => z.boolean()),
  markStyle: onFirstUse(() => z.enum(['underline', 'background', 'none'])),
  hoverDelayMs: onFirstUse(() => z.int().check(z.minimum(HOVER_DELAY_MIN_MS), z.maximum(HOVER_DELAY_MAX_MS))),
  /** Entities the reader asked never to mark. */
  hiddenEntities: onFirstUse(() => z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(MAX_LIST))),
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
}) as Settings;

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
 * Reads whatever storage holds: older versions are migrated, a valid field is kept, a damaged
 * one takes its default. Never throws.
 */
export function readSettings(raw: unknown): Settings {
  const input = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? migrate(raw as Stored) : {};
  const out: Record<string, unknown> = { version: SETTINGS_VERSION };
  for (const key of Object.keys(fields) as Array<keyof Settings>) {
    if (key === 'version') continue;
    const parsed = fields[key].safeParse(input[key]);
    out[key] = parsed.success ? parsed.data : structuredClone(DEFAULT_SETTINGS[key]);
  }
  return out as Settings;
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
