/**
 * When the article on a page was published, as the page itself says it. Publishers state it in a
 * handful of ways (JSON-LD, meta tags of several vocabularies, a <time> in the article's header,
 * the address); we trust them in that order, and where none says it there is no date: a wrong date
 * would reorder a card around a moment the article is not about.
 *
 * `publicationDate` is pure and works on what `readDateInputs` takes out of a document, so it is
 * tested on markup from real pages without a DOM.
 */
import { onFirstUse, z } from './zod';

export interface DateInputs {
  /** The texts of the page's `<script type="application/ld+json">` elements. */
  jsonLd: string[];
  /** Every `<meta>` as its name (`property`, `name` or `itemprop`, lower-cased) and value. */
  metas: Array<{ key: string; value: string }>;
  /** `datetime` of the `<time>` elements that date the article (its header's, or marked as published). */
  times: string[];
  /** The page's address and its canonical address, whose paths may hold the date. */
  urls: string[];
}

/** JSON-LD types that are the article itself; a WebPage's or an Organization's date is not the article's. */
const ARTICLE_TYPES = /^(?:[A-Za-z]*Article|ReportageNews|AnalysisNewsArticle|BlogPosting|LiveBlogPosting|Report)$/;

/** Meta names that state publication, best first. `og:` and `dc.` variants are rarer but real. */
const PUBLISHED_META_KEYS = [
  'article:published_time',
  'og:article:published_time',
  'og:published_time',
  'datepublished',
  'parsely-pub-date',
  'pubdate',
  'publishdate',
  'publish-date',
  'sailthru.date',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date',
  'date',
] as const;

/** Dates before the web's news sites, or impossibly far ahead, are a page's mistake, not a date. */
const EARLIEST_YEAR = 1990;
const LATEST_YEAR = 2100;

const JsonLdNode = onFirstUse(() =>
  z.looseObject({
    '@type': z.optional(z.union([z.string(), z.array(z.unknown())])),
    '@graph': z.optional(z.array(z.unknown())),
    datePublished: z.optional(z.unknown()),
  }),
);

/** The day an ISO-like timestamp names, as the publisher wrote it ("2020-07-07T04:32+08:00" → "2020-07-07"). */
export function dayOf(text: string): string | undefined {
  const m = /^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s])/.exec(text);
  if (!m) return undefined;
  return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

function validDay(y: number, m: number, d: number): string | undefined {
  if (y < EARLIEST_YEAR || y > LATEST_YEAR) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function typesOf(node: z.infer<typeof JsonLdNode>): string[] {
  const type = node['@type'];
  if (typeof type === 'string') return [type];
  return (type ?? []).filter((t): t is string => typeof t === 'string');
}

/** Every object in a JSON-LD document, top-level arrays and `@graph` lists included. */
function jsonLdNodes(value: unknown, out: Array<z.infer<typeof JsonLdNode>> = [], depth = 0): Array<z.infer<typeof JsonLdNode>> {
  if (depth > 3) return out;
  if (Array.isArray(value)) {
    for (const item of value) jsonLdNodes(item, out, depth + 1);
    return out;
  }
  const parsed = JsonLdNode.safeParse(value);
  if (!parsed.success) return out;
  out.push(parsed.data);
  if (parsed.data['@graph']) jsonLdNodes(parsed.data['@graph'], out, depth + 1);
  return out;
}

function fromJsonLd(texts: readonly string[]): string | undefined {
  for (const text of texts) {
    let value: unknown;
    try {
      // Some sites still wrap their JSON-LD in a CDATA section, as for XHTML (the ACLU's does).
      value = JSON.parse(text.replace(/^\s*(?:\/\/\s*)?<!\[CDATA\[/, '').replace(/(?:\/\/\s*)?\]\]>\s*$/, ''));
    } catch {
      continue;
    }
    for (const node of jsonLdNodes(value)) {
      if (typeof node.datePublished !== 'string' || !typesOf(node).some((t) => ARTICLE_TYPES.test(t))) continue;
      const day = dayOf(node.datePublished);
      if (day) return day;
    }
  }
  return undefined;
}

function fromMetas(metas: DateInputs['metas']): string | undefined {
  for (const key of PUBLISHED_META_KEYS) {
    for (const meta of metas) {
      if (meta.key !== key) continue;
      const day = dayOf(meta.value);
      if (day) return day;
    }
  }
  return undefined;
}

/** `/2020/07/06/` or `/2020-07-06/` (or `…-06.html`) in a path; a lone year or month is too vague. */
function fromUrl(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = /\/((?:19|20)\d{2})([/-])(\d{2})\2(\d{2})(?=[/.-]|$)/.exec(path);
  return m ? validDay(Number(m[1]), Number(m[3]), Number(m[4])) : undefined;
}

/** The article's publication day (`YYYY-MM-DD`), or undefined when the page does not say. */
export function publicationDate(inputs: DateInputs): string | undefined {
  return (
    fromJsonLd(inputs.jsonLd) ??
    fromMetas(inputs.metas) ??
    inputs.times.map(dayOf).find((d) => d !== undefined) ??
    inputs.urls.map(fromUrl).find((d) => d !== undefined)
  );
}

/** The little a parsed document must offer (a browser's Document, or a test's). */
export interface DateSource {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null; textContent: string | null }>;
}

/** Most JSON-LD a page may hold that we read: a page with more is not an article page. */
const MAX_JSON_LD_CHARS = 200_000;

/** Takes from a document what `publicationDate` reads. */
export function readDateInputs(doc: DateSource, url: string): DateInputs {
  const all = (selector: string) => Array.from(doc.querySelectorAll(selector));
  const jsonLd = all('script[type="application/ld+json"]')
    .map((s) => s.textContent ?? '')
    .filter((text) => text.length <= MAX_JSON_LD_CHARS);
  const metas = all('meta[content], meta[value]').flatMap((m) => {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop'))?.trim().toLowerCase();
    const value = m.getAttribute('content') ?? m.getAttribute('value');
    return key && value ? [{ key, value }] : [];
  });
  // A <time> dates the article only where it sits in the article's header or says so itself; a
  // time elsewhere may be a comment's, a related story's or today's.
  const times = all('[itemprop="datePublished"][datetime], time[pubdate][datetime], article header time[datetime], header[class*="article"] time[datetime]')
    .map((t) => t.getAttribute('datetime') ?? '');
  const canonical = all('link[rel="canonical"][href]').flatMap((l) => {
    try {
      return [new URL(l.getAttribute('href') ?? '', url).href];
    } catch {
      return [];
    }
  });
  return { jsonLd, metas, times, urls: [...canonical, url] };
}
