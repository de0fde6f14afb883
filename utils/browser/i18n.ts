/**
 * The UI's words, the browsers' way: `public/_locales/<lang>/messages.json` (English is the
 * default locale) read with `browser.i18n.getMessage`, which picks the browser's UI language.
 *
 * Only views (popup, options, the card) call `t`. Pure modules (sites.ts, settings-file.ts) stay
 * free of browser APIs: they return a `LocalMessage` (a key and its values) next to their English
 * text, and the view translates it.
 */
import browser from 'webextension-polyfill';
import type en from '../../public/_locales/en/messages.json';
import type { Category } from '../schema';
import { formatDate } from '../timeline';

/** Every message key: the names in the English messages.json, so tsc refuses a missing one. */
export type MessageKey = keyof typeof en;

/** A message to show later in the reader's language: its key and its `$1`, `$2`… values. */
export interface LocalMessage {
  key: MessageKey;
  params?: string[];
}

/** A kind of entity in the singular: the card's and the popup's label on one entity. */
export const CATEGORY_LABELS: Record<Category, MessageKey> = {
  person: 'categoryPerson',
  company: 'categoryCompany',
  product: 'categoryProduct',
  law: 'categoryLaw',
  institution: 'categoryInstitution',
  place: 'categoryPlace',
  concept: 'categoryConcept',
  slogan: 'categorySlogan',
  event: 'categoryEvent',
};

/** A kind of entity in the plural: the popup's group headings and the options page's checkboxes. */
export const GROUP_LABELS: Record<Category, MessageKey> = {
  person: 'groupPeople',
  company: 'groupCompanies',
  product: 'groupProducts',
  law: 'groupLaws',
  institution: 'groupInstitutions',
  place: 'groupPlaces',
  concept: 'groupConcepts',
  slogan: 'groupSlogans',
  event: 'groupEvents',
};

/** The message `key` in the UI's language, with `substitutions` for its placeholders; the key itself if it is missing. */
export function t(key: MessageKey, substitutions?: ReadonlyArray<string | number>): string {
  try {
    const text = browser.i18n.getMessage(key, substitutions?.map(String));
    if (text) return text;
  } catch {
    // No i18n API (e.g. the extension was reloaded under a content script): show the key.
  }
  return key;
}

/** Translates what a pure module returned. */
export function tm(message: LocalMessage): string {
  return t(message.key, message.params);
}

/** The language the messages are in (BCP 47), for `lang` attributes: "en", "zh-TW", "zh-CN". */
export function uiLang(): string {
  const lang = t('htmlLang');
  return lang === 'htmlLang' ? 'en' : lang;
}

/** A dataset date ("2020", "2020-07", "2020-07-01") in the UI's language; English keeps utils/timeline's form. */
export function localDate(iso: string): string {
  const lang = uiLang();
  if (lang === 'en') return formatDate(iso);
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || (m !== undefined && !(m >= 1 && m <= 12))) return formatDate(iso);
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric', ...(m ? { month: 'long' } : {}), ...(m && d ? { day: 'numeric' } : {}) };
  try {
    return new Intl.DateTimeFormat(lang, options).format(new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1)));
  } catch {
    return formatDate(iso);
  }
}

/** Sets the extension page's `<html lang>` and title from the messages. */
export function localisePage(titleKey: MessageKey): void {
  document.documentElement.lang = uiLang();
  document.title = t(titleKey);
}
