/**
 * Turns the dataset's source files into one checked, versioned dataset, and explains every mistake
 * in words a contributor can act on (file, entity id, field). Pure: callers read the files.
 */
import { z } from './zod';
import {
  DatasetSchema,
  EntitySchema,
  SourcesFileSchema,
  type Alias,
  type Dataset,
  type Entity,
  type Source,
} from './schema';
import { foldPhrase } from './matcher/fold';
import { contentHash } from './hash';

export interface SourceFile {
  /** Shown in messages, e.g. `data/entities/tiktok.json`. */
  path: string;
  text: string;
}

export interface CheckResult {
  /** Present only when there are no errors. */
  dataset?: Dataset;
  errors: string[];
  warnings: string[];
}

export function describeIssues(where: string, error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.').replace(/\.(\d+)/g, '[$1]') : '(the whole file)';
    // Zod says "Invalid input: expected string, received undefined" for a missing field.
    const missing = /^Invalid input: expected (\w+), received undefined$/.exec(issue.message);
    return `${where}: ${field}: ${missing ? `is missing (a ${missing[1]} is needed)` : issue.message}`;
  });
}

function parseJson(file: SourceFile, errors: string[]): unknown {
  try {
    return JSON.parse(file.text);
  } catch (e) {
    errors.push(`${file.path}: is not valid JSON (${(e as Error).message})`);
    return undefined;
  }
}

function entityLabel(path: string, raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw).id) : undefined;
  return id ? `${path} (entity "${id}")` : path;
}

/** Checks the contributor's files: one file per entity, plus the sources file. */
export function checkSourceFiles(entityFiles: SourceFile[], sourcesFile: SourceFile): CheckResult {
  const errors: string[] = [];
  const entities: Array<{ entity: Entity; where: string }> = [];
  for (const file of entityFiles) {
    const raw = parseJson(file, errors);
    if (raw === undefined) continue;
    const where = entityLabel(file.path, raw);
    const parsed = EntitySchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...describeIssues(where, parsed.error));
      continue;
    }
    const expected = `${parsed.data.id}.json`;
    if (!file.path.endsWith(`/${expected}`) && file.path !== expected) {
      errors.push(`${where}: the file should be named ${expected} after the entity's id`);
    }
    entities.push({ entity: parsed.data, where });
  }
  let sources: Source[] = [];
  const rawSources = parseJson(sourcesFile, errors);
  if (rawSources !== undefined) {
    const parsed = SourcesFileSchema.safeParse(rawSources);
    if (parsed.success) sources = parsed.data.sources;
    else errors.push(...describeIssues(sourcesFile.path, parsed.error));
  }
  return crossCheck(entities, sources, sourcesFile.path, errors);
}

/** Checks one exported dataset file (the format `npm run data:export` prints). */
export function checkDatasetFile(file: SourceFile): CheckResult {
  const errors: string[] = [];
  const raw = parseJson(file, errors);
  if (raw === undefined) return { errors, warnings: [] };
  return checkDatasetValue(raw, file.path);
}

/** Checks an exported dataset already parsed from JSON (a pack's, once its header is taken off: utils/pack.ts). */
export function checkDatasetValue(raw: unknown, path: string): CheckResult {
  const errors: string[] = [];
  const file = { path };
  // Check entities one by one so that each message can name its entity.
  const shape = z.extend(DatasetSchema, { entities: z.array(z.unknown()) }).safeParse(raw);
  if (!shape.success) return { errors: describeIssues(file.path, shape.error), warnings: [] };
  const entities: Array<{ entity: Entity; where: string }> = [];
  shape.data.entities.forEach((item, i) => {
    const where = entityLabel(`${file.path} entities[${i}]`, item);
    const parsed = EntitySchema.safeParse(item);
    if (parsed.success) entities.push({ entity: parsed.data, where });
    else errors.push(...describeIssues(where, parsed.error));
  });
  return crossCheck(entities, shape.data.sources, file.path, errors);
}

function crossCheck(
  entities: Array<{ entity: Entity; where: string }>,
  sources: Source[],
  sourcesPath: string,
  errors: string[],
): CheckResult {
  const warnings: string[] = [];
  const sourceIds = new Set<string>();
  for (const s of sources) {
    if (sourceIds.has(s.id)) errors.push(`${sourcesPath}: source "${s.id}" is listed twice`);
    sourceIds.add(s.id);
  }
  const entityIds = new Map<string, string>();
  for (const { entity, where } of entities) {
    const other = entityIds.get(entity.id);
    if (other) errors.push(`${where}: id "${entity.id}" is already used by ${other}`);
    else entityIds.set(entity.id, where);
  }
  const titles = new Map<string, string>();
  for (const { entity, where } of entities) {
    if (entity.wikipedia === null) continue;
    const other = titles.get(entity.wikipedia);
    if (other) errors.push(`${where}: wikipedia: "${entity.wikipedia}" is already the title of ${other}; two entities cannot be one article`);
    else titles.set(entity.wikipedia, where);
  }
  const usedSources = new Set<string>();
  const aliasOwners = new Map<string, Array<{ id: string; alias: Alias; where: string }>>();
  const sourceDates = new Map(sources.map((s) => [s.id, s.date]));
  for (const { entity, where } of entities) {
    entity.facts.forEach((fact, i) => {
      for (const id of fact.sources) {
        usedSources.add(id);
        const date = sourceDates.get(id);
        if (date === undefined) errors.push(`${where}: facts[${i}].sources: "${id}" is not a source in ${sourcesPath}`);
        else if (!fact.plan && isBefore(date, fact.date)) {
          errors.push(
            `${where}: facts[${i}].sources: "${id}" (${date}) was published before the event the fact reports (${fact.date}); cite a source from after it, or mark a fact about a plan or an announcement with "plan": true`,
          );
        }
      }
    });
    entity.facts.forEach((fact, i) => {
      fact.about?.forEach((id, j) => {
        if (id === entity.id) errors.push(`${where}: facts[${i}].about[${j}]: a fact is always about its own entity; list the others only`);
        else if (!entityIds.has(id)) errors.push(`${where}: facts[${i}].about[${j}]: there is no entity "${id}"`);
      });
    });
    entity.related.forEach((rel, i) => {
      if (rel.id === entity.id) errors.push(`${where}: related[${i}].id: an entity cannot be related to itself`);
      else if (!entityIds.has(rel.id)) errors.push(`${where}: related[${i}].id: there is no entity "${rel.id}"`);
    });
    const mine = new Set<string>();
    entity.aliases.forEach((alias, i) => {
      const key = foldPhrase(alias.text);
      if (mine.has(key)) errors.push(`${where}: aliases[${i}]: "${alias.text}" is listed twice`);
      mine.add(key);
      const owners = aliasOwners.get(key) ?? [];
      owners.push({ id: entity.id, alias, where });
      aliasOwners.set(key, owners);
    });
  }
  // A phrase one entity says is not it must not be another's name (or its possessive): the phrase
  // wins those words, and would mark nothing there.
  for (const { entity, where } of entities) {
    entity.notThis?.forEach((phrase, i) => {
      const folded = foldPhrase(phrase);
      const bare = folded.endsWith("'s") ? folded.slice(0, -2) : folded;
      const other = [...(aliasOwners.get(folded) ?? []), ...(aliasOwners.get(bare) ?? [])].find((o) => o.id !== entity.id);
      if (other) errors.push(`${where}: notThis[${i}]: "${phrase}" is a name of "${other.id}" ("${other.alias.text}"), and would keep it from being marked; remove it here`);
    });
  }
  for (const owners of aliasOwners.values()) {
    const ids = new Set(owners.map((o) => o.id));
    if (ids.size < 2) continue;
    const unruled = owners.filter((o) => !o.alias.requires);
    if (unruled.length > 1) {
      const names = unruled.map((o) => `"${o.id}"`).join(' and ');
      errors.push(
        `${unruled[0]!.where}: alias "${unruled[0]!.alias.text}" is claimed by ${names}; give all but one of them a "requires" rule, or remove it`,
      );
    }
  }
  for (const id of sourceIds) {
    if (!usedSources.has(id)) warnings.push(`${sourcesPath}: source "${id}" is not cited by any fact`);
  }
  if (errors.length) return { errors, warnings };
  const sorted = entities.map((e) => e.entity).sort((a, b) => a.id.localeCompare(b.id));
  const sortedSources = [...sources].sort((a, b) => a.id.localeCompare(b.id));
  return {
    dataset: { version: datasetVersion(sorted, sortedSources), entities: sorted, sources: sortedSources },
    errors,
    warnings,
  };
}

/**
 * Whether a source's date falls before an event's, at the precision of both: a source of July 2020
 * may report an event of 6 July 2020, one of 30 June 2020 may not.
 */
function isBefore(sourceDate: string, eventDate: string): boolean {
  return sourceDate < eventDate.slice(0, sourceDate.length);
}

/** A content hash: a new dataset gets a new version, the same one keeps it. */
export function datasetVersion(entities: Entity[], sources: Source[]): string {
  return contentHash(JSON.stringify({ entities, sources }));
}
