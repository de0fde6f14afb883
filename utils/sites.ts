/**
 * Site patterns: a host name ("example.com"), or "*.example.com" for it and its subdomains.
 * A pasted URL is reduced to its host, with a note saying so.
 */

export type SiteParse = { ok: true; pattern: string; note?: string } | { ok: false; error: string };

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
  let note: string | undefined;
  if (!text) return { ok: false, error: 'Enter a site, like example.com or *.example.com.' };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, error: `"${input.trim()}" is not a valid address.` };
    }
    if (!url.hostname) return { ok: false, error: `"${input.trim()}" has no host name.` };
    note = `Using the site's host name, ${url.hostname}, from the address.`;
    text = url.hostname;
  }
  text = text.replace(/\.$/, '');
  const wildcard = text.startsWith('*.');
  const host = wildcard ? text.slice(2) : text;
  if (host.includes('*')) return { ok: false, error: 'A wildcard may only stand at the start, as in *.example.com.' };
  if (/[/:?#@\s]/.test(host)) {
    return { ok: false, error: `"${input.trim()}" is not a host name: leave out paths, ports and spaces.` };
  }
  if (!isHost(host)) return { ok: false, error: `"${input.trim()}" is not a valid host name.` };
  if (wildcard && IPV4.test(host)) return { ok: false, error: 'An IP address has no subdomains: leave out the "*.".' };
  return note ? { ok: true, pattern: (wildcard ? '*.' : '') + host, note } : { ok: true, pattern: (wildcard ? '*.' : '') + host };
}

export function siteMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return h === base || h.endsWith('.' + base);
  }
  return h === pattern;
}
