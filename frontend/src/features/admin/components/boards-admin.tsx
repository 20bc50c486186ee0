import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '@/components/field';
import { ErrorState, InlineError, Loading } from '@/components/status';
import { fieldError } from '@/lib/api/errors';
import type { Board } from '@/lib/api/types';
import { useAdminBoards, useCreateBoard, useUpdateBoard } from '../api/boards';
import { rules } from '@/lib/api/rules';

export function BoardsAdmin() {
  const { t } = useTranslation();
  const boards = useAdminBoards();
  return (
    <div className="stack">
      <CreateBoardForm />
      <section className="card" aria-labelledby="boards-title">
        <h2 id="boards-title" className="section-title">{t('admin.boards.list')}</h2>
        {boards.isPending && <Loading />}
        {boards.isError && <ErrorState error={boards.error} onRetry={() => boards.refetch()} />}
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.boards.name')}</th>
                <th scope="col">{t('admin.boards.slug')}</th>
                <th scope="col">{t('admin.boards.adminOnly')}</th>
                <th scope="col">{t('admin.boards.archived')}</th>
              </tr>
            </thead>
            <tbody>
              {boards.data?.map((board) => <BoardRow key={board.id} board={board} />)}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function BoardRow({ board }: { board: Board }) {
  const { t } = useTranslation();
  const update = useUpdateBoard();
  return (
    <tr className={board.archived ? 'row--inactive' : undefined}>
      <td>
        <strong>{board.name}</strong>
        {board.description && <div className="muted">{board.description}</div>}
        <InlineError error={update.error} />
      </td>
      <td><code>{board.slug}</code></td>
      <td>
        <input type="checkbox" aria-label={t('admin.boards.adminOnlyFor', { name: board.name })} checked={board.admin_only} disabled={update.isPending}
          onChange={(e) => update.mutate({ id: board.id, admin_only: e.target.checked })} />
      </td>
      <td>
        <input type="checkbox" aria-label={t('admin.boards.archivedFor', { name: board.name })} checked={board.archived} disabled={update.isPending}
          onChange={(e) => update.mutate({ id: board.id, archived: e.target.checked })} />
      </td>
    </tr>
  );
}

function CreateBoardForm() {
  const { t } = useTranslation();
  const create = useCreateBoard();
  const empty = { name: '', slug: '', description: '', admin_only: false };
  const [form, setForm] = useState(empty);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form, { onSuccess: () => setForm(empty) });
  };

  return (
    <section className="card" aria-labelledby="create-board-title">
      <h2 id="create-board-title" className="section-title">{t('admin.boards.create')}</h2>
      <form className="form form--grid" onSubmit={submit}>
        <TextField label={t('admin.boards.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={fieldError(create.error, 'name')} />
        <TextField label={t('admin.boards.slug')} required pattern={rules.BoardCreate.slug.pattern.replace(/^\^|\$$/g, '')} hint={t('admin.boards.slugHint')} value={form.slug} onChange={(e) => setForm({ ...form, slug: e.target.value })} error={fieldError(create.error, 'slug')} />
        <TextField label={t('admin.boards.description')} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        <label className="checkbox">
          <input type="checkbox" checked={form.admin_only} onChange={(e) => setForm({ ...form, admin_only: e.target.checked })} />
          <span>{t('admin.boards.adminOnly')}</span>
        </label>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={create.isPending}>{t('admin.boards.createSubmit')}</button>
        </div>
        <InlineError error={create.error} />
      </form>
    </section>
  );
}
