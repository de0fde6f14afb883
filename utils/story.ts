/**
 * The page's story: which entities it is about (weighted by how often and how early it names them),
 * and how an entity's facts bear on it: facts that tie the entity to another on the page first,
 * nearest the article's date; what happened after the article set apart, with how long after.
 */
import type { Fact } from './schema';
import type { LocalMessage } from './browser/i18n';

/** What a card knows of the page it opens on; computed once per scan, not per hover. */
export interface PageStory {
  /** The article's publication day (`YYYY-MM-DD`), when the page says it. */
  date?: string;
  /** The entities found on the page, by id, with their names (to say what ties a fact). */
  names: ReadonlyMap<string, string>;
}

/**
 * A mention at the very end of the page counts this much of one at its start: a name in the
 * headline and first paragraph says more about what the article is about than one in its last line.
 */
const LAST_MENTION_WEIGHT = 0.5;

/**
 * Each entity's weight in the page's story: the sum over its mentions of how early each comes
 * (1 at the start of the page, LAST_MENTION_WEIGHT at its end). Rounded, for a stable message.
 */
export function storyWeights(mentionsInOrder: readonly string[]): Map<string, number> {
  const weights = new Map<string, number>();
  const n = mentionsInOrder.length;
  mentionsInOrder.forEach((id, i) => {
    const position = n > 1 ? i / (n - 1) : 0;
    const earliness = 1 - (1 - LAST_MENTION_WEIGHT) * position;
    weights.set(id, (weights.get(id) ?? 0) + earliness);
  });
  for (const [id, w] of weights) weights.set(id, Math.round(w * 1000) / 1000);
  return weights;
}

/** Sorts by weight, heaviest first; ties keep their order (the page's order). */
export function byWeight<T extends { weight: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.weight - a.weight);
}

const DAY_MS = 86_400_000;

/** The first and last day a dataset date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) may mean, as day numbers. */
function daySpan(iso: string): [number, number] {
  const [y = 0, m, d] = iso.split('-').map(Number);
  if (m === undefined) return [Date.UTC(y, 0, 1) / DAY_MS, Date.UTC(y + 1, 0, 1) / DAY_MS - 1];
  if (d === undefined) return [Date.UTC(y, m - 1, 1) / DAY_MS, Date.UTC(y, m, 1) / DAY_MS - 1];
  const day = Date.UTC(y, m - 1, d) / DAY_MS;
  return [day, day];
}

/** Whether a fact happened after the article: on every day its date may mean. */
export function isAfter(factDate: string, pageDate: string): boolean {
  return daySpan(factDate)[0] > daySpan(pageDate)[1];
}

/**
 * How far a fact is from the article's day, counting the farthest day its date may mean: a fact
 * dated only "2020" is not nearer a July 2020 article than one dated the day before it.
 */
function distance(factDate: string, pageDate: string): number {
  const [start, end] = daySpan(factDate);
  const page = daySpan(pageDate)[0];
  return Math.max(Math.abs(page - start), Math.abs(end - page));
}

/** The other entities on the page a fact involves, in the fact's order. */
export function tiesOf(fact: Pick<Fact, 'about'>, story: Pick<PageStory, 'names'>, self?: string): string[] {
  return (fact.about ?? []).filter((id) => id !== self && story.names.has(id));
}

export interface OrderedFacts<T> {
  /** Facts up to the article's date (all of them when the page has none): tied facts first. */
  lead: T[];
  /** Facts after the article's date, oldest first: what happened next. */
  since: T[];
}

const newestFirst = <T extends Pick<Fact, 'date'>>(a: T, b: T) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);

/**
 * An entity's facts in the order they bear on the page: those that tie it to another entity on the
 * page first, nearest the article's date (newest first without one), then the rest the same way;
 * with a date, facts after it go apart, in the order they happened. The sort is stable, so facts
 * equally near keep the dataset's order.
 */
export function orderFacts<T extends Pick<Fact, 'date' | 'about'>>(facts: readonly T[], story: PageStory, self?: string): OrderedFacts<T> {
  const { date } = story;
  const tied = (f: T) => (tiesOf(f, story, self).length > 0 ? 0 : 1);
  const near = date ? (a: T, b: T) => distance(a.date, date) - distance(b.date, date) : newestFirst;
  const lead = facts.filter((f) => !date || !isAfter(f.date, date));
  lead.sort((a, b) => tied(a) - tied(b) || near(a, b));
  const since = date ? facts.filter((f) => isAfter(f.date, date)).sort((a, b) => -newestFirst(a, b)) : [];
  return { lead, since };
}

export type SinceUnit = 'day' | 'week' | 'month' | 'year';

/** Fewer days than this are counted in days ("3 days later"), then in weeks. */
const DAYS_BEFORE_WEEKS = 14;
/** Fewer days than this are counted in weeks ("4 weeks later"), then in months. */
const DAYS_BEFORE_MONTHS = 56;
const MONTHS_PER_YEAR = 12;

/**
 * How long after the article a fact came, in the largest unit that says it plainly and no more
 * precisely than the fact's date: a fact dated "2021" is "1 year later", never "7 months later".
 */
export function sinceArticle(pageDate: string, factDate: string): { unit: SinceUnit; count: number } | undefined {
  if (!isAfter(factDate, pageDate)) return undefined;
  const [py = 0, pm = 1, pd = 1] = pageDate.split('-').map(Number);
  const parts = factDate.split('-').map(Number);
  const [fy = 0, fm, fd] = parts;
  if (fm === undefined) return { unit: 'year', count: Math.max(1, fy - py) };
  const months = (fy - py) * MONTHS_PER_YEAR + (fm - pm) - (fd !== undefined && fd < pd ? 1 : 0);
  if (fd !== undefined) {
    const days = daySpan(factDate)[0] - daySpan(pageDate)[0];
    if (days < DAYS_BEFORE_WEEKS) return { unit: 'day', count: days };
    if (days < DAYS_BEFORE_MONTHS) return { unit: 'week', count: Math.floor(days / 7) };
  }
  if (months < MONTHS_PER_YEAR) return { unit: 'month', count: Math.max(1, months) };
  return { unit: 'year', count: Math.floor(months / MONTHS_PER_YEAR) };
}

const SINCE_KEYS = {
  day: ['cardSinceDayOne', 'cardSinceDayOther'],
  week: ['cardSinceWeekOne', 'cardSinceWeekOther'],
  month: ['cardSinceMonthOne', 'cardSinceMonthOther'],
  year: ['cardSinceYearOne', 'cardSinceYearOther'],
} as const satisfies Record<SinceUnit, readonly [string, string]>;

/** "4 weeks later" as a message for the view to translate. */
export function sinceMessage(pageDate: string, factDate: string): LocalMessage | undefined {
  const since = sinceArticle(pageDate, factDate);
  if (!since) return undefined;
  const [one, other] = SINCE_KEYS[since.unit];
  return since.count === 1 ? { key: one } : { key: other, params: [String(since.count)] };
}

/** Facts that tie at least two of the page's entities (the fact's own and another), each once, oldest first. */
export function storyFacts<T extends Pick<Fact, 'date' | 'about' | 'text'>>(
  groups: ReadonlyArray<{ entityId: string; facts: readonly T[] }>,
  story: Pick<PageStory, 'names'>,
): Array<{ entityId: string; fact: T; ties: string[] }> {
  const rows: Array<{ entityId: string; fact: T; ties: string[] }> = [];
  const within = (a: readonly string[], b: readonly string[]) => a.every((id) => b.includes(id));
  for (const g of groups) {
    for (const fact of g.facts) {
      const ties = tiesOf(fact, story, g.entityId);
      if (!ties.length) continue;
      // The same event is often told on both entities' cards (TikTok's exit on Hong Kong's too):
      // on the same day, among the same entities, it is shown once, under the first.
      const who = [g.entityId, ...ties];
      const told = rows.find((r) => r.fact.date === fact.date && (within(who, [r.entityId, ...r.ties]) || within([r.entityId, ...r.ties], who)));
      if (!told) rows.push({ entityId: g.entityId, fact, ties });
    }
  }
  return rows.sort((a, b) => (a.fact.date < b.fact.date ? -1 : a.fact.date > b.fact.date ? 1 : 0));
}
