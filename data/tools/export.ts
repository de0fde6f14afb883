/** `npm run data:export` prints the whole checked dataset as one JSON document on stdout. */
import { readDataset } from './read';

const result = readDataset();
if (!result.dataset) {
  for (const e of result.errors) console.error(`error: ${e}`);
  console.error('data:export: the dataset has mistakes; run npm run data:check');
  process.exitCode = 1;
} else {
  process.stdout.write(JSON.stringify(result.dataset, null, 2) + '\n');
}
