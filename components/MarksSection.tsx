/** The options page's marks: which categories, in what style, every mention or the first, and the hover delay. */
import { GROUP_LABELS, t } from '../utils/browser/i18n';
import { CATEGORIES } from '../utils/schema';
import { HOVER_DELAY_MAX_MS, HOVER_DELAY_MIN_MS, isCategoryShown, type Settings } from '../utils/settings';
import type { ChangeSettings } from './use-settings';

export function MarksSection({ settings, change }: { settings: Settings; change: ChangeSettings }) {
  return (
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
  );
}
