/**
 * What the content script needs to find mentions (no facts, no sources), and the matcher's patterns
 * made from it: the build compiles the automaton from these patterns, and the content script passes
 * the same ones, made from the same index, when it loads that automaton.
 */
import type { Dataset } from './schema';
import type { Pattern } from './matcher/pattern';
import type { MatchIndex } from './match-data';

export function toMatchIndex(dataset: Dataset): MatchIndex {
  return {
    version: dataset.version,
    entities: dataset.entities.map(({ id, name, category, aliases, notThis }) =>
      notThis?.length ? { id, name, category, aliases, notThis } : { id, name, category, aliases },
    ),
  };
}

/** Compiles the index into the patterns the matcher takes. */
export function toPatterns(index: MatchIndex): Pattern[] {
  return index.entities.flatMap((e) => [
    ...e.aliases.map((a) => ({ text: a.text, entityId: e.id, anyCase: a.anyCase, requires: a.requires })),
    ...(e.notThis ?? []).map((text) => ({ text, entityId: e.id, block: true })),
  ]);
}
