/** What to tell the reader when a change to the settings could not be saved: what to do, in their words. */
import { t } from '../utils/browser/i18n';
import { reportError } from '../utils/report';
import { SettingsRefused } from '../utils/settings';

export function saveFailure(e: unknown): string {
  if (e instanceof SettingsRefused && e.tooLong && (e.setting === 'sites' || e.setting === 'hiddenEntities')) {
    return t('optionsSaveTooLong', [t(e.setting === 'sites' ? 'optionsListSites' : 'optionsListHidden')]);
  }
  // The browser's own reason is for developers, not readers.
  reportError('could not save settings', e);
  return t('optionsSaveFailed');
}
