/**
 * `npm run data:pack -- --dir D --out F` builds a context pack: the dataset of folder D (laid out
 * like data/: entities/*.json and sources.json) checked as `npm run data:check` checks it, with
 * the header of D/pack.json, written to F in the exported format (see data/README.md). The
 * extension's options page imports such a file, and checks it again the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkPackText, factCount } from '../../utils/pack';
import { readDataset } from './read';

function arg(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

function main(argv: string[]): number {
  const dir = arg(argv, '--dir');
  const out = arg(argv, '--out');
  if (!dir || !out) {
    console.error('data:pack: usage: npm run data:pack -- --dir FOLDER --out FILE.json (FOLDER holds pack.json, sources.json and entities/)');
    return 2;
  }
  const headerFile = path.join(dir, 'pack.json');
  if (!fs.existsSync(headerFile)) {
    console.error(`data:pack: ${headerFile}: no such file; it holds the pack's id, name, publisher, version and date (see data/README.md)`);
    return 2;
  }
  const result = readDataset(path.resolve(dir));
  for (const w of result.warnings) console.warn(`warning: ${w}`);
  if (!result.dataset) {
    for (const e of result.errors) console.error(`error: ${e}`);
    console.error(`\n${result.errors.length} mistake${result.errors.length === 1 ? '' : 's'}: no pack was written.`);
    return 1;
  }
  let header: unknown;
  try {
    header = JSON.parse(fs.readFileSync(headerFile, 'utf8'));
  } catch (e) {
    console.error(`error: ${headerFile}: is not valid JSON (${(e as Error).message})`);
    return 1;
  }
  const text = JSON.stringify({ pack: header, ...result.dataset }, null, 2) + '\n';
  // The same check the extension makes on import: the header, the dataset again, a pack's own rules.
  const checked = checkPackText(text, path.basename(out));
  if (!checked.ok) {
    for (const e of checked.errors) console.error(`error: ${e}`);
    console.error(`\n${checked.errors.length} mistake${checked.errors.length === 1 ? '' : 's'}: no pack was written.`);
    return 1;
  }
  fs.writeFileSync(out, text);
  const { pack, entities } = checked.pack;
  const facts = factCount({ entities });
  console.log(`data:pack: wrote ${out} — "${pack.name}" ${pack.version}: ${entities.length} entities, ${facts} facts, ${checked.aliases} aliases, ${Buffer.byteLength(text)} bytes`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
