import { Segmented } from 'antd';
import { useI18n } from '../i18n/context';
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/translate';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('layout.language')}
      data-testid="language-switch"
      value={locale}
      onChange={setLocale}
      options={LOCALES.map((value) => ({ value, label: <span lang={value}>{LOCALE_NAMES[value]}</span> }))}
    />
  );
}
