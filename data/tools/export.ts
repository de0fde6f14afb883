/**
 * `npm run data:export` prints the whole checked dataset as one JSON document on stdout
 * (`npm run -s data:export > dataset.json` keeps npm's own banner out of it), or writes it to a
 * file with `npm run data:export -- --out dataset.json`.
 */
import fs from 'node:fs';
import { readDataset } from './read';

const result = readDataset();
if (!result.dataset) {
  for (const e of result.errors) console.error(`error: ${e}`);
  console.error('data:export: the dataset has mistakes; run npm run data:check');
  process.exitCode = 1;
} else {
  const json = JSON.stringify(result.dataset, null, 2) + '\n';
  const at = process.argv.indexOf('--out');
  if (at >= 0 && process.argv[at + 1]) {
    fs.writeFileSync(process.argv[at + 1]!, json);
    console.error(`data:export: wrote ${process.argv[at + 1]}`);
  } else {
    process.stdout.write(json);
  }
}
