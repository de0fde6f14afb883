/** The options page's "about": what the local dataset holds, a way to rebuild it, and privacy. */
import { useState } from 'preact/hooks';
import { t } from '../utils/browser/i18n';
import type { DatasetStatus } from '../utils/messages';

export function AboutSection({ status, rebuild }: { status: DatasetStatus | undefined; rebuild: () => Promise<void> }) {
  const [rebuilding, setRebuilding] = useState(false);
  return (
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
            await rebuild();
            setRebuilding(false);
          }}
        >
          {rebuilding ? t('optionsRebuilding') : t('optionsRebuild')}
        </button>
      </p>
      <h3>{t('optionsPrivacyHeading')}</h3>
      <p>{t('optionsPrivacyText')}</p>
    </section>
  );
}
