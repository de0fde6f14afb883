import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  fromStorage,
  isSiteEnabled,
  LIST_PARTS,
  migrate,
  packList,
  listPartKey,
  readSettings,
  setSiteEnabled,
  SETTINGS_STORAGE_KEYS,
  SETTINGS_VERSION,
  SettingsSchema,
  SYNC_LIMITS,
  toStorage,
  type Settings,
} from '../../utils/settings';
import { exportSettings, parseSettingsFile } from '../../utils/settings-file';
import { parseSitePattern, siteMatches } from '../../utils/sites';

describe('site patterns', () => {
  it('accepts host names, wildcards and IP addresses', () => {
    expect(parseSitePattern('Example.com')).toEqual({ ok: true, pattern: 'example.com' });
    expect(parseSitePattern(' *.news.example.co.uk ')).toEqual({ ok: true, pattern: '*.news.example.co.uk' });
    expect(parseSitePattern('127.0.0.1')).toEqual({ ok: true, pattern: '127.0.0.1' });
    expect(parseSitePattern('localhost')).toEqual({ ok: true, pattern: 'localhost' });
  });

  it('reduces a URL to its host, with a note', () => {
    const r = parseSitePattern('https://www.example.com/news/story?id=1');
    expect(r).toEqual({
      ok: true,
      pattern: 'www.example.com',
      note: 'Using the site\'s host name, www.example.com, from the address.',
      i18n: { key: 'siteNoteHostFromAddress', params: ['www.example.com'] },
    });
  });

  it('refuses what is not a site, saying why', () => {
    expect(parseSitePattern('')).toMatchObject({ ok: false, error: expect.stringContaining('Enter a site') });
    expect(parseSitePattern('exa mple.com')).toMatchObject({ ok: false, error: expect.stringContaining('not a host name') });
    expect(parseSitePattern('news.*.com')).toMatchObject({ ok: false, error: expect.stringContaining('only stand at the start') });
    expect(parseSitePattern('example.com/path')).toMatchObject({ ok: false, error: expect.stringContaining('leave out paths') });
    expect(parseSitePattern('-bad-.com')).toMatchObject({ ok: false, error: expect.stringContaining('not a valid host name') });
    expect(parseSitePattern('<img src=x onerror=alert(1)>')).toMatchObject({ ok: false });
  });

  it('matches hosts and subdomains', () => {
    expect(siteMatches('example.com', 'example.com')).toBe(true);
    expect(siteMatches('example.com', 'www.example.com')).toBe(false);
    expect(siteMatches('*.example.com', 'www.example.com')).toBe(true);
    expect(siteMatches('*.example.com', 'example.com')).toBe(true);
    expect(siteMatches('*.example.com', 'badexample.com')).toBe(false);
  });
});

describe('settings', () => {
  it('fills in defaults for nothing stored', () => {
    expect(readSettings(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid fields and resets only damaged ones', () => {
    const s = readSettings({ version: 2, sites: 'example.com', allMentions: true, hoverDelayMs: 'slow' });
    expect(s.allMentions).toBe(true);
    expect(s.hoverDelayMs).toBe(DEFAULT_SETTINGS.hoverDelayMs);
    expect(s.sites).toEqual(DEFAULT_SETTINGS.sites);
  });

  it('drops only the damaged entries of a list', () => {
    const s = readSettings({
      version: 2,
      sites: ['example.com', 42, 'news.example.org', 'not a site', '*.wire.example.net', 'example.com'],
      hiddenEntities: ['tiktok', null, 'Not An Id', 'carrie-lam'],
      hiddenCategories: ['law', 'no-such-category', 7, 'person'],
    });
    expect(s.sites).toEqual(['example.com', 'news.example.org', '*.wire.example.net']);
    expect(s.hiddenEntities).toEqual(['tiktok', 'carrie-lam']);
    expect(s.hiddenCategories).toEqual(['law', 'person']);
  });

  it('turns a site off and on in either mode', () => {
    const off = setSiteEnabled(DEFAULT_SETTINGS, 'example.com', false);
    expect(isSiteEnabled(off, 'example.com')).toBe(false);
    expect(isSiteEnabled(off, 'other.org')).toBe(true);
    expect(isSiteEnabled(setSiteEnabled(off, 'example.com', true), 'example.com')).toBe(true);
    const only = { ...DEFAULT_SETTINGS, siteMode: 'only-listed' as const };
    expect(isSiteEnabled(only, 'example.com')).toBe(false);
    expect(isSiteEnabled(setSiteEnabled(only, 'example.com', true), 'example.com')).toBe(true);
    expect(isSiteEnabled({ ...DEFAULT_SETTINGS, paused: true }, 'example.com')).toBe(false);
  });
});

describe('migrations', () => {
  // What version 1 (the first release) saved.
  const v1 = {
    version: 1,
    paused: false,
    siteMode: 'only-listed',
    sites: ['news.example.com', '*.example.org'],
    categories: ['person', 'law', 'slogan'],
    allMentions: true,
    markStyle: 'background',
    hoverDelayMs: 350,
    hiddenEntities: ['tiktok'],
  };

  it('upgrades a version 1 object with nothing lost', () => {
    const s = readSettings(v1);
    expect(s.version).toBe(SETTINGS_VERSION);
    expect(s).toMatchObject({ siteMode: 'only-listed', sites: v1.sites, allMentions: true, markStyle: 'background', hoverDelayMs: 350, hiddenEntities: ['tiktok'] });
    // The categories it marked are exactly the ones not hidden now.
    expect(s.hiddenCategories.sort()).toEqual(['company', 'concept', 'event', 'institution', 'place', 'product']);
  });

  it('leaves current settings alone', () => {
    expect(migrate({ ...DEFAULT_SETTINGS })).toEqual(DEFAULT_SETTINGS);
  });
});

describe('settings files', () => {
  const good = { ...DEFAULT_SETTINGS, sites: ['example.com'], allMentions: true };

  it('round-trips an export', () => {
    expect(parseSettingsFile(exportSettings(good))).toEqual({ ok: true, settings: good });
  });

  it('imports a file from an older version, migrated', () => {
    const old = JSON.stringify({ kind: 'backstory-settings', settings: { ...good, version: 1, categories: ['law'], hiddenCategories: undefined } });
    const r = parseSettingsFile(old);
    expect(r.ok && r.settings.hiddenCategories.includes('person')).toBe(true);
  });

  it('refuses what is not JSON', () => {
    expect(parseSettingsFile('{ nope')).toEqual({
      ok: false,
      error: 'This file is not JSON, so it is not a Backstory settings file. Nothing was changed.',
      i18n: { key: 'importNotJson' },
    });
  });

  it('refuses the wrong shape', () => {
    expect(parseSettingsFile(JSON.stringify({ sites: [] }))).toMatchObject({ ok: false, error: expect.stringContaining('not a Backstory settings file') });
    expect(parseSettingsFile(JSON.stringify([1, 2]))).toMatchObject({ ok: false });
  });

  it('refuses a file over 1 MB before reading it', () => {
    expect(parseSettingsFile('', 2 * 1024 * 1024)).toMatchObject({ ok: false, error: expect.stringContaining('at most 1 MB') });
    const padded = exportSettings(good).replace('{', '{' + ' '.repeat(1024 * 1024));
    expect(parseSettingsFile(padded)).toMatchObject({ ok: false, error: expect.stringContaining('at most 1 MB') });
  });

  it('refuses an unknown version, saying why', () => {
    const future = JSON.stringify({ kind: 'backstory-settings', settings: { ...good, version: 99 } });
    expect(parseSettingsFile(future)).toMatchObject({ ok: false, error: expect.stringContaining('newer version of Backstory') });
    const none = JSON.stringify({ kind: 'backstory-settings', settings: { ...good, version: 'x' } });
    expect(parseSettingsFile(none)).toMatchObject({ ok: false, error: expect.stringContaining('which version') });
  });

  it('refuses hostile values and quotes them as text', () => {
    const hostile = JSON.stringify({ kind: 'backstory-settings', settings: { ...good, sites: ['<img src=x onerror=alert(1)>'] } });
    const r = parseSettingsFile(hostile);
    expect(r).toEqual({
      ok: false,
      error: 'The file\'s setting "sites.0" ("<img src=x onerror=alert(1)>") is not a site pattern. Nothing was changed.',
      i18n: { key: 'importBadSettingValue', params: ['sites.0', '<img src=x onerror=alert(1)>', 'is not a site pattern'] },
    });
    const proto = '{"kind":"backstory-settings","settings":{"version":2,"__proto__":{"paused":true}}}';
    expect(parseSettingsFile(proto)).toMatchObject({ ok: false });
  });
});

/** The size storage.sync counts for an item: its key and its value's JSON, in UTF-8 bytes. */
const bytesOf = (key: string, value: unknown) => new TextEncoder().encode(key + JSON.stringify(value)).length;
/** `n` different host names, each `length` characters long. */
const hosts = (n: number, length = 20) =>
  Array.from({ length: n }, (_, i) => {
    const name = `s${i}-`.padEnd(length - 8, 'x');
    return `${name}.example`;
  });
/** Host name `i` of exactly `length` characters, in labels short enough to be valid. */
function longHost(i: number, length: number): string {
  const name = `h${i}`.padEnd(length - 4, 'y').replace(/(.{60})/g, '$1.').replace(/\.$/, 'z');
  return name.slice(0, length - 4) + '.org';
}
/**
 * The longest list of hosts of one length that still fits: parts are filled in order, so it is
 * what the parts set aside hold of a list longer than they can.
 */
function fullList(length: number): string[] {
  const tooMany = Math.ceil((LIST_PARTS.sites * SYNC_LIMITS.bytesPerItem) / length) + 1;
  const parts = packList('sites', Array.from({ length: tooMany }, (_, i) => longHost(i, length)));
  expect(parts.length).toBeGreaterThan(LIST_PARTS.sites);
  return parts.slice(0, LIST_PARTS.sites).flat();
}

describe('settings in storage.sync', () => {
  it('sets aside no more than storage.sync allows, whatever the settings', () => {
    // The largest each setting can be, as stored.
    const largest: Settings = {
      ...DEFAULT_SETTINGS,
      siteMode: 'everywhere-except',
      markStyle: 'background',
      hoverDelayMs: 1000,
      hiddenCategories: ['person', 'company', 'product', 'law', 'institution', 'place', 'concept', 'slogan', 'event'],
    };
    const items = toStorage(largest);
    const listKeys = new Set(Object.entries(LIST_PARTS).flatMap(([list, n]) => Array.from({ length: n }, (_, i) => listPartKey(list as keyof typeof LIST_PARTS, i))));
    const smallBytes = Object.entries(items).filter(([key]) => !listKeys.has(key)).reduce((sum, [key, value]) => sum + bytesOf(key, value), 0);
    const listBytes = [...listKeys].length * SYNC_LIMITS.bytesPerItem;
    // The one item of earlier builds stays until the split settings are written.
    const legacyBytes = SYNC_LIMITS.bytesPerItem;
    expect(smallBytes + listBytes + legacyBytes).toBeLessThanOrEqual(SYNC_LIMITS.bytes);
    expect(SETTINGS_STORAGE_KEYS.length).toBeLessThanOrEqual(SYNC_LIMITS.items);
    expect(new Set(SETTINGS_STORAGE_KEYS).size).toBe(SETTINGS_STORAGE_KEYS.length);
    for (const [key, value] of Object.entries(items)) expect(bytesOf(key, value)).toBeLessThanOrEqual(SYNC_LIMITS.bytesPerItem);
  });

  it('fits the longest valid lists into items the browser accepts', () => {
    // 253 characters is the longest host name there is.
    for (const length of [12, 60, 253]) {
      const sites = fullList(length);
      expect(SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, sites }).success).toBe(true);
      expect(SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, sites: [...sites, longHost(sites.length, length)] }).success).toBe(false);
      expect(new Set(sites.map((s) => s.length))).toEqual(new Set([length]));
      const items = toStorage({ ...DEFAULT_SETTINGS, sites });
      for (let i = 0; i < LIST_PARTS.sites; i++) {
        const key = listPartKey('sites', i);
        expect(bytesOf(key, items[key])).toBeLessThanOrEqual(SYNC_LIMITS.bytesPerItem);
      }
      // Parts are filled: a list is refused only when its room is nearly full.
      expect(JSON.stringify(sites).length).toBeGreaterThan(LIST_PARTS.sites * SYNC_LIMITS.bytesPerItem * 0.95);
    }
  });

  it('keeps 400 ordinary sites, in order, through storage', () => {
    const sites = hosts(400);
    const settings = { ...DEFAULT_SETTINGS, sites, hiddenEntities: ['tiktok', 'carrie-lam'] };
    expect(SettingsSchema.safeParse(settings).success).toBe(true);
    expect(packList('sites', sites).length).toBeGreaterThan(1);
    expect(fromStorage(toStorage(settings))).toEqual(settings);
  });

  it('replaces a longer list whole when it gets shorter', () => {
    const long = toStorage({ ...DEFAULT_SETTINGS, sites: hosts(900) });
    const short = toStorage({ ...DEFAULT_SETTINGS, sites: ['example.com'] });
    expect(fromStorage({ ...long, ...short }).sites).toEqual(['example.com']);
  });

  it('drops only the damaged entries of a stored list, and a damaged part alone', () => {
    const stored = toStorage({ ...DEFAULT_SETTINGS, sites: hosts(900) });
    const parts = Array.from({ length: LIST_PARTS.sites }, (_, i) => stored[listPartKey('sites', i)] as string[]);
    expect(parts.filter((p) => p.length).length).toBeGreaterThan(2);
    const damaged = { ...stored, [listPartKey('sites', 0)]: ['example.com', 42, ...parts[0]!.slice(1)], [listPartKey('sites', 1)]: 'garbage' };
    expect(fromStorage(damaged).sites).toEqual(['example.com', ...parts[0]!.slice(1), ...parts.slice(2).flat()]);
  });

  it('moves settings kept in one item by earlier builds, with nothing lost', () => {
    const old = { version: 2, paused: true, siteMode: 'only-listed', sites: ['example.com', 42, 'news.example.org'], hiddenCategories: ['law'], allMentions: true, markStyle: 'none', hoverDelayMs: 400, hiddenEntities: ['tiktok'] };
    expect(fromStorage({ settings: old })).toEqual({ ...old, sites: ['example.com', 'news.example.org'] });
    // Version 1's, migrated on the way.
    const v1 = fromStorage({ settings: { version: 1, categories: ['person', 'law', 'slogan'], sites: ['example.com'] } });
    expect(v1.sites).toEqual(['example.com']);
    expect(v1.hiddenCategories).not.toContain('law');
    expect(v1.hiddenCategories).toContain('company');
    // Still there next to split settings: written later, by an older build syncing from elsewhere.
    expect(fromStorage({ ...toStorage({ ...DEFAULT_SETTINGS, paused: false, hoverDelayMs: 300 }), settings: { version: 2, paused: true } })).toMatchObject({ paused: true, hoverDelayMs: 300 });
  });
});
