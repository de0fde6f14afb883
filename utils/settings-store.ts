/**
 * Settings in browser.storage: sync where the browser has it, so that they follow the reader.
 * Every read goes through `readSettings`, so damaged storage never breaks a page.
 */
import browser from 'webextension-polyfill';
import { readSettings, type Settings } from './settings';

export const SETTINGS_KEY = 'settings';

function area(): browser.Storage.StorageArea {
  return browser.storage.sync ?? browser.storage.local;
}

export async function loadSettings(): Promise<Settings> {
  try {
    const stored = await area().get(SETTINGS_KEY);
    return readSettings(stored[SETTINGS_KEY]);
  } catch (e) {
    console.warn('Backstory: could not read settings; using defaults.', e);
    return readSettings(undefined);
  }
}

export async function saveSettings(settings: Settings): Promise<void> {
  await area().set({ [SETTINGS_KEY]: settings });
}

/** The last update this script started; each update waits for it. */
let lastUpdate: Promise<unknown> = Promise.resolve();

/**
 * Reads, changes and writes the settings, one update at a time: two changes made in quick
 * succession (a site added, then a box ticked) would otherwise both read the old settings, and
 * the later write would undo the earlier. Scripts in other contexts can still interleave, but
 * each of them changes the settings only on a click of its own.
 */
export function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  const update = lastUpdate.then(async () => {
    const next = change(await loadSettings());
    await saveSettings(next);
    return next;
  });
  lastUpdate = update.catch(() => undefined);
  return update;
}

/**
 * Calls back with the new settings whenever any part of the extension saves them. Listens to the
 * settings' own area: the storage-wide event would also hand every open tab the match data each
 * time the background writes it to `local` (4.6 MB with 20,000 aliases).
 */
export function onSettingsChanged(callback: (settings: Settings) => void): () => void {
  const listener = (changes: Record<string, browser.Storage.StorageChange>) => {
    if (SETTINGS_KEY in changes) callback(readSettings(changes[SETTINGS_KEY]!.newValue));
  };
  const changed = area().onChanged;
  changed.addListener(listener);
  return () => changed.removeListener(listener);
}
