/** The options page's settings: read once, kept in step with changes made elsewhere, and saved. */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../utils/settings';
import { saveFailure } from './save-failure';

export interface SettingsSource {
  load: () => Promise<Settings>;
  save: (change: (s: Settings) => Settings) => Promise<Settings>;
  /** Calls back with the settings whenever anything saves them (the popup, a card); returns the unsubscribe. */
  watch: (callback: (s: Settings) => void) => () => void;
}

/** Applies a change to the settings and saves it; true once saved. */
export type ChangeSettings = (f: (s: Settings) => Settings) => Promise<boolean>;

export function useSettings(source: SettingsSource): { settings: Settings | undefined; change: ChangeSettings; saveError: string | undefined } {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [saveError, setSaveError] = useState<string | undefined>();

  useEffect(() => {
    // Settings changed elsewhere while this page is open (paused from the popup, a site turned off
    // from a card) show at once. Listening starts before the first read, which a change heard in
    // the meantime makes stale.
    let heard = false;
    const stop = source.watch((s) => {
      heard = true;
      setSettings(s);
    });
    void source.load().then((s) => {
      if (!heard) setSettings(s);
    });
    return stop;
  }, []);

  const change: ChangeSettings = async (f) => {
    try {
      setSettings(await source.save(f));
      setSaveError(undefined);
      return true;
    } catch (e) {
      // Marking goes on with what was saved before, and the page keeps showing it.
      setSaveError(saveFailure(e));
      return false;
    }
  };

  return { settings, change, saveError };
}
