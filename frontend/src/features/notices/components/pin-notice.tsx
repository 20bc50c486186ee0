import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InlineError } from '@/components/status';
import { usePinNotice, useUnpinNotice } from '../api/notices';

/** Admin control on a post page: pin the post as a site or board notice, or unpin it. */
export function PinNotice({ postId, noticeId }: { postId: number; noticeId: number | null }) {
  const { t } = useTranslation();
  const pin = usePinNotice();
  const unpin = useUnpinNotice();
  const [scope, setScope] = useState<'site' | 'board'>('site');
  const [requiresAck, setRequiresAck] = useState(false);

  if (noticeId !== null) {
    return (
      <div className="pin-notice">
        <span className="badge">{t('notices.pinned')}</span>
        <button type="button" className="btn btn--secondary btn--small" onClick={() => unpin.mutate(noticeId)} disabled={unpin.isPending}>
          {t('notices.unpin')}
        </button>
        <InlineError error={unpin.error} />
      </div>
    );
  }
  return (
    <form className="pin-notice" onSubmit={(e) => { e.preventDefault(); pin.mutate({ post_id: postId, scope, requires_ack: requiresAck }); }}>
      <label className="inline-field">
        <span>{t('notices.scope')}</span>
        <select value={scope} onChange={(e) => setScope(e.target.value as 'site' | 'board')}>
          <option value="site">{t('notices.scopeSite')}</option>
          <option value="board">{t('notices.scopeBoard')}</option>
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={requiresAck} onChange={(e) => setRequiresAck(e.target.checked)} />
        <span>{t('notices.requiresAck')}</span>
      </label>
      <button type="submit" className="btn btn--secondary btn--small" disabled={pin.isPending}>{t('notices.pin')}</button>
      <InlineError error={pin.error} />
    </form>
  );
}
