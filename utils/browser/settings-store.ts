/**
 * Settings in browser.storage: sync where the browser has it, so that they follow the reader.
 * Every read goes through `fromStorage`, so damaged storage never breaks a page, and every write
 * is checked first, so nothing the browser would refuse is attempted.
 */
import browser from 'webextension-polyfill';
import { reportError } from '../report';
import {
  fromStorage,
  LEGACY_SETTINGS_KEY,
  readSettings,
  SETTINGS_STORAGE_KEYS,
  SettingsRefused,
  SettingsSchema,
  toStorage,
  type Settings,
} from '../settings';

function area(): browser.Storage.StorageArea {
  return browser.storage.sync ?? browser.storage.local;
}

export async function loadSettings(): Promise<Settings> {
  try {
    return fromStorage(await area().get([...SETTINGS_STORAGE_KEYS]));
  } catch (e) {
    reportError('could not read settings; using defaults', e);
    return readSettings(undefined);
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Writes only the settings the change touched, so that changes made elsewhere to other settings
 * stay; settings an earlier build kept in one item are written whole, and that item removed.
 */
async function write(next: Settings, current: Settings, stored: Record<string, unknown>): Promise<void> {
  const checked = SettingsSchema.safeParse(next);
  if (!checked.success) throw SettingsRefused.from(checked.error);
  const legacy = LEGACY_SETTINGS_KEY in stored;
  const before = toStorage(current);
  const items = toStorage(checked.data);
  const changed = Object.fromEntries(
    Object.entries(items).filter(([key, value]) => !same(value, before[key]) || (legacy && !same(value, stored[key]))),
  );
  if (Object.keys(changed).length) await area().set(changed);
  if (legacy) await area().remove(LEGACY_SETTINGS_KEY);
}

/** The last update this script started; each update waits for it. */
let lastUpdate: Promise<unknown> = Promise.resolve();

/**
 * Reads, changes and writes the settings, one update at a time: two changes made in quick
 * succession (a site added, then a box ticked) would otherwise both read the old settings, and
 * the later write would undo the earlier. Scripts in other contexts can still interleave, but
 * each of them changes the settings only on a click of its own, and writes only the settings it
 * changed. A change that cannot be saved rejects (`SettingsRefused`, or the browser's error) and
 * leaves storage as it was.
 */
export function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  const update = lastUpdate.then(async () => {
    const stored = await area().get([...SETTINGS_STORAGE_KEYS]);
    const current = fromStorage(stored);
    const next = change(current);
    await write(next, current, stored);
    return next;
  });
  lastUpdate = update.catch(() => undefined);
  return update;
}

/** Moves settings an earlier build kept in one item to their own keys (the background, on start). */
export async function migrateStoredSettings(): Promise<void> {
  const stored = await area().get(LEGACY_SETTINGS_KEY);
  if (LEGACY_SETTINGS_KEY in stored) await updateSettings((s) => s);
}

/**
 * Calls back with the settings whenever any part of the extension saves them. Listens to the
 * settings' own area: the storage-wide event would also hand every open tab the match data each
 * time the background writes it to `local` (4.6 MB with 20,000 aliases). A change may touch only
 * some of the settings' keys, so the whole is read again, in order of the changes, and after any
 * update this script has under way: a read begun before its write would answer after it with the
 * settings as they were, and undo on the page what the reader just changed; so would a read
 * under way when an update starts.
 */
export function onSettingsChanged(callback: (settings: Settings) => void): () => void {
  const ours = new Set(SETTINGS_STORAGE_KEYS);
  let reading: Promise<void> = Promise.resolve();
  let stopped = false;
  const listener = (changes: Record<string, browser.Storage.StorageChange>) => {
    if (!Object.keys(changes).some((key) => ours.has(key))) return;
    reading = reading.then(async () => {
      // An update started while the read was under way (a box ticked just after a site was added)
      // makes the read stale: the page would show the box unticked until that update's own event.
      let settings: Settings;
      let after: Promise<unknown>;
      do {
        after = lastUpdate;
        await after;
        settings = await loadSettings();
      } while (after !== lastUpdate);
      if (!stopped) callback(settings);
    });
  };
  const changed = area().onChanged;
  changed.addListener(listener);
  return () => {
    stopped = true;
    changed.removeListener(listener);
  };
}
