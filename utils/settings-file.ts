/**
 * Settings as a file the reader can keep or move: export writes one, import checks a whole file
 * before anything is saved. A refused file changes nothing.
 */
import { z } from './zod';
import type { LocalMessage, MessageKey } from './browser/i18n';
import { migrate, SETTINGS_VERSION, SettingsSchema, type Settings } from './settings';

export const SETTINGS_FILE_KIND = 'backstory-settings';
export const MAX_IMPORT_BYTES = 1024 * 1024;

const FileSchema = z.strictObject({
  kind: z.literal(SETTINGS_FILE_KIND),
  exportedAt: z.optional(z.string()),
  settings: z.record(z.string(), z.unknown()),
});

export function exportSettings(settings: Settings, now = new Date()): string {
  return JSON.stringify({ kind: SETTINGS_FILE_KIND, exportedAt: now.toISOString(), settings }, null, 2) + '\n';
}

/** A refusal: `error` is English; `i18n` is the same as a message key, for the view to translate. */
export type ImportResult = { ok: true; settings: Settings } | { ok: false; error: string; i18n: LocalMessage };

function fail(key: MessageKey, params: string[], error: string): ImportResult {
  return { ok: false, error, i18n: params.length ? { key, params } : { key } };
}

/** `size` is the file's size in bytes, checked before its text is read. */
export function parseSettingsFile(text: string, size = new Blob([text]).size): ImportResult {
  if (size > MAX_IMPORT_BYTES) {
    const mb = (size / 1024 / 1024).toFixed(1);
    return fail('importTooLarge', [mb], `This file is ${mb} MB; a settings file is at most 1 MB. Nothing was changed.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('importNotJson', [], 'This file is not JSON, so it is not a Backstory settings file. Nothing was changed.');
  }
  const file = FileSchema.safeParse(raw);
  if (!file.success) {
    return fail('importNotSettings', [], 'This is not a Backstory settings file (it should come from "Export settings"). Nothing was changed.');
  }
  const version = file.data.settings.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail('importNoVersion', [], 'The file does not say which version of the settings it holds. Nothing was changed.');
  }
  if (version > SETTINGS_VERSION) {
    return fail('importNewerVersion', [String(version)], `The file was made by a newer version of Backstory (settings version ${version}); update Backstory to import it. Nothing was changed.`);
  }
  const parsed = SettingsSchema.safeParse(migrate(file.data.settings));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join('.');
    const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], migrate(file.data.settings));
    const shown = typeof value === 'string' ? value.slice(0, 80) : undefined;
    return shown === undefined
      ? fail('importBadSetting', [where, issue.message], `The file's setting "${where}" ${issue.message}. Nothing was changed.`)
      : fail('importBadSettingValue', [where, shown, issue.message], `The file's setting "${where}" ("${shown}") ${issue.message}. Nothing was changed.`);
  }
  return { ok: true, settings: parsed.data };
}
