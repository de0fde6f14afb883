/**
 * Site patterns: a host name ("example.com"), or "*.example.com" for it and its subdomains.
 * A pasted URL is reduced to its host, with a note saying so.
 *
 * `error` and `note` are English; `i18n` is the same text as a message key for the view to show
 * in the reader's language (this module stays free of browser APIs).
 */
import type { LocalMessage, MessageKey } from './browser/i18n';

export type SiteParse =
  | { ok: true; pattern: string; note?: string; i18n?: LocalMessage }
  | { ok: false; error: string; i18n: LocalMessage };

function fail(key: MessageKey, params: string[], error: string): SiteParse {
  return { ok: false, error, i18n: params.length ? { key, params } : { key } };
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isHost(host: string): boolean {
  const ip = IPV4.exec(host);
  if (ip) return ip.slice(1).every((n) => Number(n) <= 255);
  if (host.length > 253) return false;
  return host.split('.').every((label) => LABEL.test(label));
}

export function parseSitePattern(input: string): SiteParse {
  let text = input.trim().toLowerCase();
  let note: { text: string; host: string } | undefined;
  if (!text) return fail('siteEmpty', [], 'Enter a site, like example.com or *.example.com.');
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return fail('siteBadAddress', [input.trim()], `"${input.trim()}" is not a valid address.`);
    }
    if (!url.hostname) return fail('siteNoHost', [input.trim()], `"${input.trim()}" has no host name.`);
    note = { text: `Using the site's host name, ${url.hostname}, from the address.`, host: url.hostname };
    text = url.hostname;
  }
  text = text.replace(/\.$/, '');
  const wildcard = text.startsWith('*.');
  const host = wildcard ? text.slice(2) : text;
  if (host.includes('*')) return fail('siteWildcardPosition', [], 'A wildcard may only stand at the start, as in *.example.com.');
  if (/[/:?#@\s]/.test(host)) {
    return fail('siteNotHostName', [input.trim()], `"${input.trim()}" is not a host name: leave out paths, ports and spaces.`);
  }
  if (!isHost(host)) return fail('siteInvalidHost', [input.trim()], `"${input.trim()}" is not a valid host name.`);
  if (wildcard && IPV4.test(host)) return fail('siteIpWildcard', [], 'An IP address has no subdomains: leave out the "*.".');
  const pattern = (wildcard ? '*.' : '') + host;
  return note ? { ok: true, pattern, note: note.text, i18n: { key: 'siteNoteHostFromAddress', params: [note.host] } } : { ok: true, pattern };
}

export function siteMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return h === base || h.endsWith('.' + base);
  }
  return h === pattern;
}
