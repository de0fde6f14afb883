/**
 * The options page: where Backstory runs, what it marks and how, settings in and out, and what
 * the local dataset holds. One component per section; the settings come from `useSettings`.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../utils/browser/i18n';
import type { DatasetStatus } from '../utils/messages';
import { AboutSection } from './AboutSection';
import { DatasetsSection } from './DatasetsSection';
import { HiddenTermsSection } from './HiddenTermsSection';
import { MarksSection } from './MarksSection';
import { SettingsFileSection } from './SettingsFileSection';
import { SitesSection } from './SitesSection';
import { Switch } from './Switch';
import { useSettings, type SettingsSource } from './use-settings';

export interface OptionsProps extends SettingsSource {
  status: () => Promise<DatasetStatus | undefined>;
  rebuild: () => Promise<DatasetStatus | undefined>;
  /** Entity names, for the list of hidden terms. */
  nameOf: (id: string) => string | undefined;
}

export function OptionsApp(props: OptionsProps) {
  const { settings, change, saveError } = useSettings(props);
  const [status, setStatus] = useState<DatasetStatus | undefined>();
  useEffect(() => void props.status().then(setStatus), []);

  if (!settings) return <p class="muted">{t('optionsLoading')}</p>;
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {saveError && (
        <p role="alert" class="error">
          {saveError}
        </p>
      )}
      <Switch label={t('optionsPauseEverywhere')} checked={settings.paused} onChange={(on) => change((s) => ({ ...s, paused: on }))} />
      <SitesSection settings={settings} change={change} />
      <MarksSection settings={settings} change={change} />
      <HiddenTermsSection settings={settings} change={change} nameOf={props.nameOf} />
      <SettingsFileSection settings={settings} change={change} />
      <DatasetsSection />
      <AboutSection status={status} rebuild={async () => setStatus(await props.rebuild())} />
    </main>
  );
}
