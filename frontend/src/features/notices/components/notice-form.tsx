import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextAreaField, TextField } from '@/components/field';
import { InlineError } from '@/components/status';
import { env } from '@/config/env';
import { useBoards } from '@/features/boards';
import { fieldError } from '@/lib/api/errors';
import { rules } from '@/lib/api/rules';
import type { AdminNotice } from '@/lib/api/types';
import { fromZonedInput, toZonedInput } from '@/lib/format';
import { useComposeNotice, useUpdateNotice } from '../api/notices';

type Scope = 'site' | 'board';
type Draft = { board_id: string; title: string; body: string; scope: Scope; requires_ack: boolean; starts_at: string; ends_at: string };

function draftOf(notice: AdminNotice | undefined, body: string): Draft {
  return {
    board_id: notice ? String(notice.board_id) : '',
    title: notice?.title ?? '',
    body,
    scope: notice?.scope ?? 'site',
    requires_ack: notice?.requires_ack ?? false,
    starts_at: notice?.starts_at ? toZonedInput(notice.starts_at) : '',
    ends_at: notice?.ends_at ? toZonedInput(notice.ends_at) : '',
  };
}

const moment = (value: string) => (value ? fromZonedInput(value) : null);

/** Write a notice (a new post on a board, pinned at once) or edit one: text, scope, window. */
export function NoticeForm({ notice, body = '', onDone }: { notice?: AdminNotice; body?: string; onDone: () => void }) {
  const { t } = useTranslation();
  const boards = useBoards();
  const compose = useComposeNotice();
  const update = useUpdateNotice();
  const saving = notice ? update : compose;
  const [draft, setDraft] = useState<Draft>(() => draftOf(notice, body));
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { title: draft.title, body: draft.body, scope: draft.scope, requires_ack: draft.requires_ack,
      starts_at: moment(draft.starts_at), ends_at: moment(draft.ends_at) };
    if (notice) update.mutate({ id: notice.id, ...common }, { onSuccess: onDone });
    else compose.mutate({ board_id: Number(draft.board_id), ...common }, { onSuccess: onDone });
  };
  const error = (field: string) => fieldError(saving.error, field);
  const zoneHint = t('admin.notices.zoneHint', { zone: env.DEFAULT_TIME_ZONE });

  return (
    <form className="form notice-form" onSubmit={submit} data-testid="notice-form">
      {!notice && (
        <div className="field">
          <label htmlFor="notice-board">{t('editor.board')}</label>
          <select id="notice-board" required value={draft.board_id} onChange={(e) => set({ board_id: e.target.value })}
            aria-invalid={error('board_id') ? true : undefined}>
            <option value="">{t('admin.notices.chooseBoard')}</option>
            {boards.data?.filter((b) => !b.archived).map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select>
          {error('board_id') && <small className="field__error">{error('board_id')}</small>}
        </div>
      )}
      <TextField label={t('editor.title')} required maxLength={rules.NoticeCompose.title.maxLength} value={draft.title}
        onChange={(e) => set({ title: e.target.value })} error={error('title')} />
      <TextAreaField label={t('editor.body')} rows={6} maxLength={rules.NoticeCompose.body.maxLength} value={draft.body}
        onChange={(e) => set({ body: e.target.value })} error={error('body')} hint={t('admin.notices.markdownHint')} />
      <div className="notice-form__row">
        <label className="inline-field">
          <span>{t('notices.scope')}</span>
          <select value={draft.scope} onChange={(e) => set({ scope: e.target.value as Scope })}>
            <option value="site">{t('notices.scopeSite')}</option>
            <option value="board">{t('notices.scopeBoard')}</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={draft.requires_ack} onChange={(e) => set({ requires_ack: e.target.checked })} />
          <span>{t('notices.requiresAck')}</span>
        </label>
      </div>
      <div className="notice-form__row">
        <TextField type="datetime-local" label={t('admin.notices.startsAt')} value={draft.starts_at}
          onChange={(e) => set({ starts_at: e.target.value })} error={error('starts_at')} hint={zoneHint} />
        <TextField type="datetime-local" label={t('admin.notices.endsAt')} value={draft.ends_at}
          onChange={(e) => set({ ends_at: e.target.value })} error={error('ends_at')} hint={t('admin.notices.endsHint')} />
      </div>
      <div className="form__actions">
        <button type="button" className="btn btn--ghost" onClick={onDone}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn--primary" disabled={saving.isPending}>
          {notice ? t('admin.notices.save') : t('admin.notices.publish')}
        </button>
      </div>
      <InlineError error={saving.error} />
    </form>
  );
}
