/** The marking policy, without a page: which mentions count and which are marked. */
import { describe, expect, it } from 'vitest';
import { markMentions, type Markable } from '../../entrypoints/scanner.content/marking';
import type { Category } from '../../utils/schema';
import { DEFAULT_SETTINGS } from '../../utils/settings';

const CATEGORIES: Record<string, Category> = { tiktok: 'product', telegram: 'product', 'hong-kong': 'place', npc: 'institution', game: 'product' };
const page = (says: string[] = []) => ({ says: (term: string) => says.includes(term), categoryOf: (id: string) => CATEGORIES[id] });
const mention = (entityId: string, requires?: string[]): Markable => ({
  entityId,
  alias: entityId,
  claims: [requires ? { entityId, alias: entityId, requires } : { entityId, alias: entityId }],
  counted: false,
  marked: false,
});
const marks = (mentions: Markable[]) => mentions.map((m) => (m.marked ? m.entityId : m.counted ? `(${m.entityId})` : '-'));

describe('markMentions', () => {
  it('marks the first mention of each entity, and counts the rest', () => {
    const found = [mention('tiktok'), mention('telegram'), mention('tiktok')];
    markMentions(found, DEFAULT_SETTINGS, page());
    expect(marks(found)).toEqual(['tiktok', 'telegram', '(tiktok)']);
  });

  it('marks every mention when the settings ask', () => {
    const found = [mention('tiktok'), mention('tiktok')];
    markMentions(found, { ...DEFAULT_SETTINGS, allMentions: true }, page());
    expect(marks(found)).toEqual(['tiktok', 'tiktok']);
  });

  it('leaves out hidden entities and categories, and entities the index does not know', () => {
    const found = [mention('tiktok'), mention('telegram'), mention('hong-kong'), mention('unknown')];
    markMentions(found, { ...DEFAULT_SETTINGS, hiddenEntities: ['telegram'], hiddenCategories: ['place'] }, page());
    expect(marks(found)).toEqual(['tiktok', '-', '-', '-']);
  });

  it('counts a mention with a context rule only where the page gives the context', () => {
    const found = [mention('npc', ['China'])];
    markMentions(found, DEFAULT_SETTINGS, page());
    expect(marks(found)).toEqual(['-']);
    markMentions(found, DEFAULT_SETTINGS, page(['China']));
    expect(marks(found)).toEqual(['npc']);
  });

  it('gives words that several entities claim to the one whose context the page gives', () => {
    const rivals: Markable = {
      entityId: 'npc',
      alias: 'NPC',
      claims: [{ entityId: 'npc', alias: 'NPC', requires: ['China'] }, { entityId: 'game', alias: 'NPC', requires: ['player'] }],
      counted: false,
      marked: false,
    };
    markMentions([rivals], DEFAULT_SETTINGS, page(['player']));
    expect([rivals.entityId, rivals.marked]).toEqual(['game', true]);
    // The first to claim the words is the one counted once the page gives its context (and the
    // words keep the entity the page last gave them).
    markMentions([rivals], DEFAULT_SETTINGS, page(['China', 'player']));
    expect(rivals.entityId).toBe('npc');
  });
});
