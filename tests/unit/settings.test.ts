import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isSiteEnabled, readSettings, setSiteEnabled } from '../../utils/settings';
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
    expect(r).toEqual({ ok: true, pattern: 'www.example.com', note: 'Using the site\'s host name, www.example.com, from the address.' });
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
    const s = readSettings({ version: 1, sites: ['example.com', 'not a site'], allMentions: true, hoverDelayMs: 'slow' });
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
