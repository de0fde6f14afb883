/** The options page's sites: everywhere but the listed sites, or only those, and the list. */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { t, tm } from '../utils/browser/i18n';
import type { Settings } from '../utils/settings';
import { parseSitePattern } from '../utils/sites';
import type { ChangeSettings } from './use-settings';

type Notice = { text: string; error: boolean } | undefined;

/** The two ways the site list is read, each with its label. */
const SITE_MODES = [
  ['everywhere-except', 'optionsModeExcept'],
  ['only-listed', 'optionsModeOnly'],
] as const;

export function SitesSection({ settings, change }: { settings: Settings; change: ChangeSettings }) {
  const [draft, setDraft] = useState('');
  const [filter, setFilter] = useState('');
  const [notice, setNotice] = useState<Notice>();

  const addSite = async (e: Event) => {
    e.preventDefault();
    const parsed = parseSitePattern(draft);
    if (!parsed.ok) {
      setNotice({ text: tm(parsed.i18n), error: true });
      return;
    }
    if (await change((s) => (s.sites.includes(parsed.pattern) ? s : { ...s, sites: [...s.sites, parsed.pattern] }))) {
      setDraft('');
      setNotice({
        text: parsed.i18n ? t('optionsSiteAddedWithNote', [tm(parsed.i18n), parsed.pattern]) : t('optionsSiteAdded', [parsed.pattern]),
        error: false,
      });
    }
  };

  const shownSites = settings.sites.filter((s) => s.includes(filter.trim().toLowerCase()));
  const listLabel = settings.siteMode === 'everywhere-except' ? t('optionsListOff') : t('optionsListOn');
  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">{t('optionsSitesHeading')}</h2>
      <fieldset>
        <legend>{t('optionsWhereRuns')}</legend>
        {SITE_MODES.map(([mode, label], i) => (
          <Fragment key={mode}>
            {i > 0 && <br />}
            <label>
              <input type="radio" name="mode" checked={settings.siteMode === mode} onChange={() => change((s) => ({ ...s, siteMode: mode }))} />{' '}
              {t(label)}
            </label>
          </Fragment>
        ))}
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
      <p id="site-message" role="status" class={notice?.error ? 'error' : 'muted'}>
        {notice?.text ?? ''}
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
  );
}
