/**
 * The reader's settings: one zod schema, versioned. A damaged or unknown value falls back to its
 * default for that field only; the rest of what the reader saved is kept.
 */
import { z } from 'zod';
import { CATEGORIES } from './schema';
import { parseSitePattern, siteMatches } from './sites';

export const SETTINGS_VERSION = 1;
export const HOVER_DELAY_DEFAULT_MS = 200;
export const HOVER_DELAY_MIN_MS = 100;
export const HOVER_DELAY_MAX_MS = 1000;

const SitePattern = z.string().refine((s) => {
  const parsed = parseSitePattern(s);
  return parsed.ok && parsed.pattern === s;
}, 'is not a site pattern');

const fields = {
  version: z.literal(SETTINGS_VERSION),
  /** Backstory marks nothing anywhere while paused. */
  paused: z.boolean(),
  /** "everywhere-except": the list turns sites off; "only-listed": the list turns sites on. */
  siteMode: z.enum(['everywhere-except', 'only-listed']),
  sites: z.array(SitePattern),
  categories: z.array(z.enum(CATEGORIES)),
  /** Mark every mention, not only each entity's first. */
  allMentions: z.boolean(),
  markStyle: z.enum(['underline', 'background', 'none']),
  hoverDelayMs: z.number().int().min(HOVER_DELAY_MIN_MS).max(HOVER_DELAY_MAX_MS),
  /** Entities the reader asked never to mark. */
  hiddenEntities: z.array(z.string().max(100)),
};

export const SettingsSchema = z.strictObject(fields);
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  version: SETTINGS_VERSION,
  paused: false,
  siteMode: 'everywhere-except',
  sites: [],
  categories: [...CATEGORIES],
  allMentions: false,
  markStyle: 'underline',
  hoverDelayMs: HOVER_DELAY_DEFAULT_MS,
  hiddenEntities: [],
}) as Settings;

/**
 * Reads whatever storage holds: a valid field is kept, a damaged one takes its default.
 * Never throws.
 */
export function readSettings(raw: unknown): Settings {
  const input = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
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
