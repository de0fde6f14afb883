import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isSiteEnabled, migrate, readSettings, setSiteEnabled, SETTINGS_VERSION } from '../../utils/settings';
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
    const s = readSettings({ version: 2, sites: ['example.com', 'not a site'], allMentions: true, hoverDelayMs: 'slow' });
    expect(s.allMentions).toBe(true);
    expect(s.hoverDelayMs).toBe(DEFAULT_SETTINGS.hoverDelayMs);
    expect(s.sites).toEqual(DEFAULT_SETTINGS.sites);
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
