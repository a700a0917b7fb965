export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Simplified Chinese is the working language of the district; English is the switch. */
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** Shown in their own language in the switch, whatever the current locale. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'EN' };

export type Params = Readonly<Record<string, string | number>>;
export type Dictionaries<K extends string> = Readonly<Record<Locale, Readonly<Partial<Record<K, string>>>>>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

export function parseLocale(value: string | null | undefined): Locale {
  return LOCALES.find((locale) => locale === value) ?? DEFAULT_LOCALE;
}

/** Replaces `{name}` placeholders; a placeholder without a value stays visible so the gap is noticed. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder,
  );
}

/**
 * Looks a key up in the locale's dictionary, then in the default locale's, and finally shows the
 * key itself, so a missing translation degrades to Chinese text rather than an empty label.
 */
export function createTranslator<K extends string>(dictionaries: Dictionaries<K>, locale: Locale): Translate<K> {
  return (key, params) => interpolate(dictionaries[locale][key] ?? dictionaries[DEFAULT_LOCALE][key] ?? key, params);
}

/** Picks the text of a bilingual label from the shared contracts (`{ zh, en }`). */
export function pickLabel(label: { readonly zh: string; readonly en: string }, locale: Locale): string {
  return locale === 'en' ? label.en : label.zh;
}
