import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/** Last-resort screen for a rendering error, so the user never sees a blank page. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <section className="page narrow" role="alert">
      <h1>{t('errors.crashTitle')}</h1>
      <p>{t('errors.generic')}</p>
      <button type="button" className="btn btn--secondary" onClick={() => window.location.reload()}>{t('common.reload')}</button>
    </section>
  );
}
