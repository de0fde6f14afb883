/**
 * `npm run data:check` checks the dataset's source files (`-- --dir D` those of another folder laid
 * out like data/); `npm run data:check -- --file F` checks one exported dataset file. Exits
 * non-zero on any mistake, after explaining each one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkDatasetFile, type CheckResult } from '../../utils/dataset';
import { checkPackText, factCount } from '../../utils/pack';
import { readDataset } from './read';

function main(argv: string[]): number {
  const at = argv.indexOf('--file');
  let result: CheckResult;
  if (at >= 0) {
    const file = argv[at + 1];
    if (!file) {
      console.error('data:check: --file needs a path, e.g. npm run data:check -- --file dataset.json');
      return 2;
    }
    if (!fs.existsSync(file)) {
      console.error(`data:check: ${file}: no such file`);
      return 2;
    }
    const text = fs.readFileSync(file, 'utf8');
    // A pack (data:pack: an object with a "pack" header, wherever its key stands) is checked as the
    // extension checks it on import: header, dataset, pack rules.
    const pack = hasPackHeader(text) ? checkPackText(text, file) : undefined;
    result = pack ? (pack.ok ? { dataset: pack.pack, errors: [], warnings: [] } : { errors: pack.errors, warnings: [] }) : checkDatasetFile({ path: file, text });
  } else {
    const dir = argv.indexOf('--dir');
    result = readDataset(dir >= 0 && argv[dir + 1] ? path.resolve(argv[dir + 1]!) : undefined);
  }
  for (const w of result.warnings) console.warn(`warning: ${w}`);
  if (!result.dataset) {
    for (const e of result.errors) console.error(`error: ${e}`);
    console.error(`\n${result.errors.length} mistake${result.errors.length === 1 ? '' : 's'}: nothing was accepted.`);
    return 1;
  }
  const facts = factCount(result.dataset);
  console.log(
    `data:check: OK — ${result.dataset.entities.length} entities, ${facts} facts, ${result.dataset.sources.length} sources (version ${result.dataset.version})`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));

function hasPackHeader(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'pack' in value;
  } catch {
    return false; // the dataset checker explains what is wrong with it
  }
}
