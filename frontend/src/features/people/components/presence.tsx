import { useTranslation } from 'react-i18next';

/** A dot: green while the person has the portal open (any screen), grey otherwise. */
export function Presence({ online }: { online: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`presence-dot${online ? ' presence-dot--on' : ''}`} role="img" data-testid="presence"
      data-online={online} aria-label={online ? t('people.online') : t('people.offline')} />
  );
}
