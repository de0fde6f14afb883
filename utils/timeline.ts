/** Dates of facts: ordering and display. ISO dates of any precision sort correctly as strings. */
import type { Fact } from './schema';

export function factsNewestFirst<T extends Pick<Fact, 'date'>>(facts: readonly T[]): T[] {
  return [...facts].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2020", "Jul 2020", "7 Jul 2020": no more precision than the dataset claims. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  if (!m) return y!;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

export interface TimelineRow<T> {
  date: string;
  entityId: string;
  item: T;
}

/** Merges every entity's dated facts into one list, oldest first or newest first. */
export function mergeTimeline<T extends Pick<Fact, 'date'>>(
  groups: ReadonlyArray<{ entityId: string; facts: readonly T[] }>,
  order: 'oldest' | 'newest' = 'oldest',
): TimelineRow<T>[] {
  const rows = groups.flatMap((g) => g.facts.map((item) => ({ date: item.date, entityId: g.entityId, item })));
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.entityId.localeCompare(b.entityId)));
  return order === 'oldest' ? rows : rows.reverse();
}
