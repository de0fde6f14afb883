/**
 * Which of the mentions found count and which are marked, as the settings say: the entity the
 * page's context gives each, hidden entities and categories, and the first mention of each entity
 * or every one. Pure: no page, no browser (tests/unit/marking.test.ts).
 */
import type { Category } from '../../utils/schema';
import type { Settings } from '../../utils/settings';
import { chooseClaim, rememberTerms } from '../../utils/matcher/context';
import type { Claim } from '../../utils/matcher/pattern';

/** A mention as the marking policy sees it (the scanner's `Mention` adds its place on the page). */
export interface Markable {
  /** The entity the page's context gives these words (the first claim until then). */
  entityId: string;
  /** The alias that matched, as the dataset writes it. */
  alias: string;
  /** Every entity's claim on these words, with the words each asks the page to also say. */
  claims: readonly Claim[];
  /** Whether it counts: its entity is wanted and the page gives the context it needs. */
  counted: boolean;
  /** Whether it is shown (first mention only, unless the reader wants all). */
  marked: boolean;
}

export interface PageFacts {
  /** Whether the page says `term` (in text that is read, or its title). */
  says: (term: string) => boolean;
  /** The entity's category, undefined for an entity the index does not know. */
  categoryOf: (entityId: string) => Category | undefined;
}

/** Sets each mention's entity, `counted` and `marked`, in document order. */
export function markMentions(mentions: readonly Markable[], settings: Pick<Settings, 'hiddenEntities' | 'hiddenCategories' | 'allMentions'>, page: PageFacts): void {
  const hidden = new Set(settings.hiddenEntities);
  const hiddenCategories = new Set(settings.hiddenCategories);
  const seen = new Set<string>();
  const says = rememberTerms(page.says);
  for (const m of mentions) {
    const claim = chooseClaim(m.claims, says);
    if (claim) {
      m.entityId = claim.entityId;
      m.alias = claim.alias;
    }
    const category = page.categoryOf(m.entityId);
    m.counted = !!claim && category !== undefined && !hidden.has(m.entityId) && !hiddenCategories.has(category);
    m.marked = m.counted && (settings.allMentions || !seen.has(m.entityId));
    if (m.counted) seen.add(m.entityId);
  }
}
