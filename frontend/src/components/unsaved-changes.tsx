import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/** Warn before leaving a form with unsaved changes: in-app navigation and tab close/reload. */
export function UnsavedChangesGuard({ when }: { when: boolean }) {
  const { t } = useTranslation();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (!when) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [when]);

  if (blocker.state !== 'blocked') return null;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="unsaved-title" aria-describedby="unsaved-text"
        onKeyDown={(event) => { if (event.key === 'Escape') blocker.reset(); }}>
        <h2 id="unsaved-title">{t('editor.unsavedTitle')}</h2>
        <p id="unsaved-text">{t('editor.unsavedText')}</p>
        <div className="modal__actions">
          <button type="button" className="btn btn--secondary" onClick={() => blocker.reset()} autoFocus>{t('editor.keepEditing')}</button>
          <button type="button" className="btn btn--danger" onClick={() => blocker.proceed()}>{t('editor.leave')}</button>
        </div>
      </div>
    </div>
  );
}
