/** A small, obviously fictional dataset for unit tests (the real one is checked by data:check). */
import type { Dataset, Entity, Source } from '../../utils/schema';
import { datasetVersion } from '../../utils/dataset';

export const SOURCES: Source[] = [
  { id: 'example-gazette-2020-01-01', publisher: 'Example Gazette', title: 'Example Corp opens', date: '2020-01-01', url: 'https://example.org/opens' },
  { id: 'example-times-2021-05', publisher: 'Example Times', title: 'Example Corp grows', date: '2021-05-31', url: 'https://example.org/grows' },
];

export function entity(id: string, overrides: Partial<Entity> = {}): Entity {
  return {
    id,
    name: `Name of ${id}`,
    wikipedia: `Title of ${id}`,
    category: 'company',
    summary: `A fictional entity, ${id}.`,
    aliases: [{ text: `Alias ${id}`, lang: 'en' }],
    facts: [
      { text: 'First fact.', date: '2020-01-01', sources: ['example-gazette-2020-01-01'] },
      { text: 'Second fact.', date: '2021-05', sources: ['example-times-2021-05'] },
      { text: 'Third fact.', date: '2020', sources: ['example-gazette-2020-01-01'] },
    ],
    related: [],
    ...overrides,
  };
}

export function dataset(entities: Entity[], sources: Source[] = SOURCES): Dataset {
  return { version: datasetVersion(entities, sources), entities, sources };
}
