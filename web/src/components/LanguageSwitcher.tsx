import { Select } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { currentLanguage, isLanguage, languages, setLanguage } from '../i18n.ts';

// Each language is named in its own script, so a merchant finds theirs whatever is showing.
const nativeNames: Record<(typeof languages)[number], string> = {
  en: 'English',
  ur: 'اردو',
  'pa-Arab': 'پنجابی (شاہ مکھی)',
  'pa-Guru': 'ਪੰਜਾਬੀ (ਗੁਰਮੁਖੀ)',
  hi: 'हिन्दी',
};

export function LanguageSwitcher() {
  const { t } = useTranslation();
  return (
    <Select
      label={t('settings.language')}
      helpText={t('settings.languageHelp')}
      options={languages.map((l) => ({ label: nativeNames[l], value: l }))}
      value={currentLanguage()}
      onChange={(value) => {
        if (isLanguage(value)) void setLanguage(value);
      }}
    />
  );
}
