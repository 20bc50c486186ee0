import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '@/lib/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
        {LANGUAGES.map((lng) => <option key={lng} value={lng}>{t(`languages.${lng}`)}</option>)}
      </select>
    </label>
  );
}
