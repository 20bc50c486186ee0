import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { setTitleBase } from '@/lib/title';

/** Sets the document title so each screen is announced and distinguishable in tabs/history. */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    setTitleBase(title ? `${title} · ${t('app.name')}` : t('app.name'));
  }, [title, t]);
}
