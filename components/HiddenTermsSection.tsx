/** The options page's hidden terms ("Hide this term" on a card), each with a way to show it again. */
import { t } from '../utils/browser/i18n';
import type { Settings } from '../utils/settings';
import type { ChangeSettings } from './use-settings';

export function HiddenTermsSection({ settings, change, nameOf }: { settings: Settings; change: ChangeSettings; nameOf: (id: string) => string | undefined }) {
  return (
    <section aria-labelledby="hidden-heading">
      <h2 id="hidden-heading">{t('optionsHiddenHeading')}</h2>
      {settings.hiddenEntities.length === 0 ? (
        <p class="muted">{t('optionsNoHidden', [t('cardHideTerm')])}</p>
      ) : (
        <ul aria-label={t('optionsHiddenHeading')} class="sites">
          {settings.hiddenEntities.map((id) => {
            const name = nameOf(id) ?? id;
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
  );
}
