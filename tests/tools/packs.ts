/**
 * Packs for tests and the bench: the repository's example pack, and generated ones (many aliases,
 * or names another dataset claims too), in the format `npm run data:pack` writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALIASES_PER_ENTITY, generatedAliases } from '../bench/generated';

export const EXAMPLE_PACK_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/packs/log4shell.json');
export const EXAMPLE_PACK_NAME = 'Log4Shell, December 2021';

export function examplePack(): { pack: Record<string, unknown>; version: string; entities: Array<Record<string, unknown>>; sources: Array<Record<string, unknown>> } {
  return JSON.parse(fs.readFileSync(EXAMPLE_PACK_FILE, 'utf8'));
}

const GENERATED_SOURCE = { id: 'generated', publisher: 'Backstory tests', title: 'Generated entity', date: '2020-01-01', url: 'https://example.org/generated' };
const facts = () => [1, 2, 3].map((n) => ({ text: `Generated fact ${n}.`, date: '2020', sources: ['generated'] }));

/** A pack of `aliasCount` generated aliases, ten to an entity. */
export function generatedPack(aliasCount: number, id = 'generated-aliases'): string {
  const entities = [];
  for (let e = 0; e * ALIASES_PER_ENTITY < aliasCount; e++) {
    const aliases = generatedAliases(e, Math.min(ALIASES_PER_ENTITY, aliasCount - e * ALIASES_PER_ENTITY));
    entities.push({ id: `gen-${e}`, name: `Generated ${e}`, wikipedia: `Generated ${e}`, category: 'concept', summary: 'Generated for a test.', aliases, facts: facts(), related: [] });
  }
  return JSON.stringify({ pack: { id, name: `Generated ${aliasCount} aliases`, publisher: 'Backstory tests', version: '1', date: '2024-01-01' }, version: 'x', entities, sources: [GENERATED_SOURCE] });
}

/** A pack with one entity named as a bundled one is ("Telegram"), and a name of its own. */
export function conflictingPack(): string {
  const entity = {
    id: 'telegram-channel',
    name: 'Telegram (the channel)',
    wikipedia: 'Telegram channel',
    category: 'product',
    summary: 'A generated entity that shares its name with one of the bundled dataset.',
    aliases: [{ text: 'Telegram', lang: 'en' }, { text: 'Quizanbre Channel', lang: 'en' }],
    facts: facts(),
    related: [],
  };
  return JSON.stringify({ pack: { id: 'shared-names', name: 'Shared names', publisher: 'Backstory tests', version: '1', date: '2024-01-01' }, version: 'x', entities: [entity], sources: [GENERATED_SOURCE] });
}
