import { parseLocale, type Locale } from './translate';

const LOCALE_KEY = 'tongban.locale';

function localStore(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The language the user chose last time on this browser; Chinese when none or storage is blocked. */
export function loadLocale(): Locale {
  return parseLocale(localStore()?.getItem(LOCALE_KEY));
}

export function saveLocale(locale: Locale): void {
  try {
    localStore()?.setItem(LOCALE_KEY, locale);
  } catch {
    // Private browsing may refuse to write; the choice then lasts for this page only.
  }
}
