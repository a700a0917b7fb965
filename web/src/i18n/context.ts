import { createContext, useContext } from 'react';
import type { MessageKey } from './messages';
import type { Locale, Translate } from './translate';

export interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate<MessageKey>;
}

export const I18nContext = createContext<I18nValue | null>(null);

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

export function useT(): Translate<MessageKey> {
  return useI18n().t;
}
