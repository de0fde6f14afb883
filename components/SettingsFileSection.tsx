/** The options page's settings file: export the settings as JSON, or import them from one. */
import { useState } from 'preact/hooks';
import { t, tm } from '../utils/browser/i18n';
import type { Settings } from '../utils/settings';
import { exportSettings, MAX_IMPORT_BYTES, parseSettingsFile } from '../utils/settings-file';
import type { ChangeSettings } from './use-settings';
import { downloadJson } from './download';

type Notice = { text: string; error: boolean } | undefined;

export function SettingsFileSection({ settings, change }: { settings: Settings; change: ChangeSettings }) {
  const [notice, setNotice] = useState<Notice>();

  const download = () => downloadJson(exportSettings(settings), 'backstory-settings.json');

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const result = file.size > MAX_IMPORT_BYTES ? parseSettingsFile('', file.size) : parseSettingsFile(await file.text(), file.size);
    if (!result.ok) {
      setNotice({ text: tm(result.i18n), error: true });
      return;
    }
    if (await change(() => result.settings)) setNotice({ text: t('optionsImported', [file.name]), error: false });
  };

  return (
    <section aria-labelledby="file-heading">
      <h2 id="file-heading">{t('optionsFileHeading')}</h2>
      <p>
        <button type="button" onClick={download}>
          {t('optionsExport')}
        </button>{' '}
        <label for="import-file" class="file-label">
          {t('optionsImport')}
        </label>{' '}
        <input id="import-file" type="file" accept="application/json,.json" onChange={(e) => void importFile(e.target as HTMLInputElement)} />
      </p>
      <p role="status" class={notice?.error ? 'error' : 'muted'}>
        {notice?.text ?? ''}
      </p>
    </section>
  );
}
