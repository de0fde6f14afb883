/** Reads the dataset's source files from disk (Node only: the build, the checker and tests). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSourceFiles, type CheckResult, type SourceFile } from '../../utils/dataset';

export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function readSourceFile(file: string, root: string): SourceFile {
  return { path: path.relative(root, file), text: fs.readFileSync(file, 'utf8') };
}

/** Every file the dataset is built from, so that a build can watch them. */
export function datasetFiles(dataDir = DATA_DIR): string[] {
  const entityDir = path.join(dataDir, 'entities');
  const entities = fs.existsSync(entityDir)
    ? fs.readdirSync(entityDir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(entityDir, f))
    : [];
  return [...entities, path.join(dataDir, 'sources.json')];
}

export function readDataset(dataDir = DATA_DIR): CheckResult {
  const root = path.dirname(dataDir);
  const files = datasetFiles(dataDir);
  const sourcesPath = files.pop()!;
  const sources = fs.existsSync(sourcesPath)
    ? readSourceFile(sourcesPath, root)
    : { path: path.relative(root, sourcesPath), text: '{"sources":[]}' };
  return checkSourceFiles(files.map((f) => readSourceFile(f, root)), sources);
}
