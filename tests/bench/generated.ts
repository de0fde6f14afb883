/**
 * A dataset with many aliases, for measuring how the matcher's cost grows with the alias list:
 * the real dataset plus generated entities whose names are pseudo-words (they do not occur on
 * real pages, so the figures show the automaton's size, not extra matches).
 */
import fs from 'node:fs';
import path from 'node:path';

const SYLLABLES = ['ka', 'lo', 'mi', 'sen', 'tar', 'vu', 'rex', 'dal', 'pho', 'qui', 'zan', 'bre', 'nol', 'gut', 'yes', 'fim'];

/** A pseudo-word: it occurs on no real page, so aliases made of them cost the matcher their number, not matches. */
function word(n: number): string {
  let out = '';
  do {
    out += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return out[0]!.toUpperCase() + out.slice(1);
}

export const ALIASES_PER_ENTITY = 10;

/** The `count` generated aliases of the `entity`-th generated entity (ten to an entity). */
export function generatedAliases(entity: number, count: number): Array<{ text: string; lang: string }> {
  return Array.from({ length: count }, (_, k) => ({ text: `${word(entity * ALIASES_PER_ENTITY + k + 4096)} ${word(k + 7)}`, lang: 'en' }));
}

export function makeAliasDataset(realDataDir: string, outDir: string, aliasCount: number): void {
  fs.mkdirSync(path.join(outDir, 'entities'), { recursive: true });
  for (const f of fs.readdirSync(path.join(realDataDir, 'entities'))) {
    fs.copyFileSync(path.join(realDataDir, 'entities', f), path.join(outDir, 'entities', f));
  }
  const sources = JSON.parse(fs.readFileSync(path.join(realDataDir, 'sources.json'), 'utf8'));
  sources.sources.push({ id: 'bench-generated', publisher: 'Backstory benchmark', title: 'Generated entity', date: '2020-01-01', url: 'https://example.org/backstory-benchmark' });
  fs.writeFileSync(path.join(outDir, 'sources.json'), JSON.stringify(sources));
  for (let e = 0; e * ALIASES_PER_ENTITY < aliasCount; e++) {
    const id = `bench-${e}`;
    const aliases = generatedAliases(e, ALIASES_PER_ENTITY);
    const fact = (n: number) => ({ text: `Generated fact ${n}.`, date: '2020', sources: ['bench-generated'] });
    fs.writeFileSync(
      path.join(outDir, 'entities', `${id}.json`),
      JSON.stringify({ id, name: `Bench ${e}`, wikipedia: `Bench ${e}`, category: 'concept', summary: 'Generated for the benchmark.', aliases, facts: [fact(1), fact(2), fact(3)] }),
    );
  }
}
