/**
 * The options page: where Backstory runs, what it marks and how, settings in and out, and what
 * the local dataset holds.
 */
import { useEffect, useState } from 'preact/hooks';
import { GROUP_LABELS, t, tm } from '../utils/i18n';
import type { DatasetStatus } from '../utils/messages';
import { CATEGORIES } from '../utils/schema';
import {
  HOVER_DELAY_MAX_MS,
  HOVER_DELAY_MIN_MS,
  isCategoryShown,
  type Settings,
} from '../utils/settings';
import { exportSettings, MAX_IMPORT_BYTES, parseSettingsFile } from '../utils/settings-file';
import { parseSitePattern } from '../utils/sites';
import { saveFailure } from './save-failure';
import { Switch } from './Switch';
import { DatasetsSection } from './DatasetsSection';

export interface OptionsProps {
  load: () => Promise<Settings>;
  save: (change: (s: Settings) => Settings) => Promise<Settings>;
  /** Calls back with the settings whenever anything saves them (the popup, a card); returns the unsubscribe. */
  watch: (callback: (s: Settings) => void) => () => void;
  status: () => Promise<DatasetStatus | undefined>;
  rebuild: () => Promise<DatasetStatus | undefined>;
  /** Entity names, for the list of hidden terms. */
  nameOf: (id: string) => string | undefined;
}

type Notice = { text: string; error: boolean } | undefined;

export function OptionsApp(props: OptionsProps) {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [status, setStatus] = useState<DatasetStatus | undefined>();
  const [draft, setDraft] = useState('');
  const [filter, setFilter] = useState('');
  const [siteNotice, setSiteNotice] = useState<Notice>();
  const [fileNotice, setFileNotice] = useState<Notice>();
  const [saveError, setSaveError] = useState<string | undefined>();
  const [rebuilding, setRebuilding] = useState(false);

  useEffect(() => {
    // Settings changed elsewhere while this page is open (paused from the popup, a site turned off
    // from a card) show at once. Listening starts before the first read, which a change heard in
    // the meantime makes stale.
    let heard = false;
    const stop = props.watch((s) => {
      heard = true;
      setSettings(s);
    });
    void props.load().then((s) => {
      if (!heard) setSettings(s);
    });
    void props.status().then(setStatus);
    return stop;
  }, []);

  if (!settings) return <p class="muted">{t('optionsLoading')}</p>;

  const change = async (f: (s: Settings) => Settings): Promise<boolean> => {
    try {
      setSettings(await props.save(f));
      setSaveError(undefined);
      return true;
    } catch (e) {
      // Marking goes on with what was saved before, and the page keeps showing it.
      setSaveError(saveFailure(e));
      return false;
    }
  };

  const addSite = async (e: Event) => {
    e.preventDefault();
    const parsed = parseSitePattern(draft);
    if (!parsed.ok) {
      setSiteNotice({ text: tm(parsed.i18n), error: true });
      return;
    }
    if (await change((s) => (s.sites.includes(parsed.pattern) ? s : { ...s, sites: [...s.sites, parsed.pattern] }))) {
      setDraft('');
      setSiteNotice({
        text: parsed.i18n ? t('optionsSiteAddedWithNote', [tm(parsed.i18n), parsed.pattern]) : t('optionsSiteAdded', [parsed.pattern]),
        error: false,
      });
    }
  };

  const download = () => {
    const blob = new Blob([exportSettings(settings)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'backstory-settings.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const result = file.size > MAX_IMPORT_BYTES ? parseSettingsFile('', file.size) : parseSettingsFile(await file.text(), file.size);
    if (!result.ok) {
      setFileNotice({ text: tm(result.i18n), error: true });
      return;
    }
    if (await change(() => result.settings)) setFileNotice({ text: t('optionsImported', [file.name]), error: false });
  };

  const shownSites = settings.sites.filter((s) => s.includes(filter.trim().toLowerCase()));
  const listLabel = settings.siteMode === 'everywhere-except' ? t('optionsListOff') : t('optionsListOn');
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {saveError && (
        <p role="alert" class="error">
          {saveError}
        </p>
      )}
      <Switch label={t('optionsPauseEverywhere')} checked={settings.paused} onChange={(on) => change((s) => ({ ...s, paused: on }))} />

      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">{t('optionsSitesHeading')}</h2>
        <fieldset>
          <legend>{t('optionsWhereRuns')}</legend>
          <label>
            <input
              type="radio"
              name="mode"
              checked={settings.siteMode === 'everywhere-except'}
              onChange={() => change((s) => ({ ...s, siteMode: 'everywhere-except' }))}
            />{' '}
            {t('optionsModeExcept')}
          </label>
          <br />
          <label>
            <input
              type="radio"
              name="mode"
              checked={settings.siteMode === 'only-listed'}
              onChange={() => change((s) => ({ ...s, siteMode: 'only-listed' }))}
            />{' '}
            {t('optionsModeOnly')}
          </label>
        </fieldset>
        <form onSubmit={addSite} class="add-site">
          <label for="site-input">{t('optionsAddSite')}</label>{' '}
          <input
            id="site-input"
            type="text"
            placeholder={t('optionsSitePlaceholder')}
            value={draft}
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            aria-describedby="site-message"
          />{' '}
          <button type="submit">{t('optionsAdd')}</button>
        </form>
        <p id="site-message" role="status" class={siteNotice?.error ? 'error' : 'muted'}>
          {siteNotice?.text ?? ''}
        </p>
        {settings.sites.length > 5 && (
          <p>
            <label for="site-filter">{t('optionsSearchSites')}</label>{' '}
            <input id="site-filter" type="search" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
          </p>
        )}
        <ul aria-label={listLabel} class="sites">
          {shownSites.map((site) => (
            <li key={site}>
              <span>{site}</span>{' '}
              <button type="button" aria-label={t('optionsRemoveSite', [site])} onClick={() => change((s) => ({ ...s, sites: s.sites.filter((x) => x !== site) }))}>
                {t('optionsRemove')}
              </button>
            </li>
          ))}
        </ul>
        {settings.sites.length === 0 && <p class="muted">{t('optionsNoSites')}</p>}
      </section>

      <section aria-labelledby="marks-heading">
        <h2 id="marks-heading">{t('optionsMarksHeading')}</h2>
        <fieldset>
          <legend>{t('optionsCategories')}</legend>
          <div class="grid">
            {CATEGORIES.map((c) => (
              <label key={c}>
                <input
                  type="checkbox"
                  checked={isCategoryShown(settings, c)}
                  onChange={(e) => {
                    const on = (e.target as HTMLInputElement).checked;
                    void change((s) => ({
                      ...s,
                      hiddenCategories: on ? s.hiddenCategories.filter((x) => x !== c) : [...new Set([...s.hiddenCategories, c])],
                    }));
                  }}
                />{' '}
                {t(GROUP_LABELS[c])}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('optionsMarkStyle')}</legend>
          {(
            [
              ['underline', 'optionsStyleUnderline'],
              ['background', 'optionsStyleBackground'],
              ['none', 'optionsStyleNone'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} class="block">
              <input type="radio" name="style" checked={settings.markStyle === value} onChange={() => change((s) => ({ ...s, markStyle: value }))} /> {t(label)}
            </label>
          ))}
        </fieldset>
        <p>
          <label>
            <input type="checkbox" checked={settings.allMentions} onChange={(e) => change((s) => ({ ...s, allMentions: (e.target as HTMLInputElement).checked }))} />{' '}
            {t('optionsAllMentions')}
          </label>
        </p>
        <p>
          <label for="hover-delay">{t('optionsHoverDelay')}</label>{' '}
          <input
            id="hover-delay"
            type="number"
            min={HOVER_DELAY_MIN_MS}
            max={HOVER_DELAY_MAX_MS}
            step={50}
            value={settings.hoverDelayMs}
            onChange={(e) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (Number.isInteger(v) && v >= HOVER_DELAY_MIN_MS && v <= HOVER_DELAY_MAX_MS) void change((s) => ({ ...s, hoverDelayMs: v }));
            }}
          />
        </p>
      </section>

      <section aria-labelledby="hidden-heading">
        <h2 id="hidden-heading">{t('optionsHiddenHeading')}</h2>
        {settings.hiddenEntities.length === 0 ? (
          <p class="muted">{t('optionsNoHidden', [t('cardHideTerm')])}</p>
        ) : (
          <ul aria-label={t('optionsHiddenHeading')} class="sites">
            {settings.hiddenEntities.map((id) => {
              const name = props.nameOf(id) ?? id;
              return (
                <li key={id}>
                  <span>{name}</span>{' '}
                  <button type="button" aria-label={t('optionsShowAgainNamed', [name])} onClick={() => change((s) => ({ ...s, hiddenEntities: s.hiddenEntities.filter((x) => x !== id) }))}>
                    {t('optionsShowAgain')}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>

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
        <p role="status" class={fileNotice?.error ? 'error' : 'muted'}>
          {fileNotice?.text ?? ''}
        </p>
      </section>

      <DatasetsSection />

      <section aria-labelledby="about-heading">
        <h2 id="about-heading">{t('optionsAboutHeading')}</h2>
        {status ? (
          <p>
            {status.loadedAt
              ? t('optionsStatusLoaded', [status.version, status.entities, status.facts, new Date(status.loadedAt).toLocaleString()])
              : t('optionsStatusBundled', [status.version, status.entities, status.facts])}
          </p>
        ) : (
          <p class="muted">{t('optionsStatusUnavailable')}</p>
        )}
        <p>
          <button
            type="button"
            disabled={rebuilding}
            onClick={async () => {
              setRebuilding(true);
              setStatus(await props.rebuild());
              setRebuilding(false);
            }}
          >
            {rebuilding ? t('optionsRebuilding') : t('optionsRebuild')}
          </button>
        </p>
        <h3>{t('optionsPrivacyHeading')}</h3>
        <p>{t('optionsPrivacyText')}</p>
      </section>
    </main>
  );
}
