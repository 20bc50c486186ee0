import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { TextField } from '@/components/field';
import { usePageTitle } from '@/components/page-title';
import { ErrorState, InlineError, Loading } from '@/components/status';
import { UnsavedChangesGuard } from '@/components/unsaved-changes';
import { useSession } from '@/features/auth';
import { useBoards } from '@/features/boards';
import { usePost, useSavePost } from '@/features/posts';
import { MarkdownEditor } from '@/features/posts/components/markdown-editor';
import { AttachmentPicker, useUploadLimits, useUploads } from '@/features/uploads';
import { fieldError } from '@/lib/api/errors';
import type { Board, PostDetail } from '@/lib/api/types';
import { NotFoundRoute } from './not-found';
import { rules } from '@/lib/api/rules';

const TITLE_MAX = rules.PostCreate.title.maxLength;

/** Write (`/boards/:slug/new`) or edit (`/posts/:postId/edit`) a post. Lazy-loaded. */
export default function PostEditorRoute() {
  const { slug, postId } = useParams();
  const boards = useBoards();
  const id = postId ? Number(postId) : undefined;
  const post = usePost(id ?? 0, id !== undefined);

  if (boards.isPending || (id !== undefined && post.isPending)) return <Loading />;
  if (boards.isError) return <ErrorState error={boards.error} onRetry={() => boards.refetch()} />;
  if (id !== undefined && post.isError) return <ErrorState error={post.error} onRetry={() => post.refetch()} />;
  const existing = id !== undefined ? post.data : undefined;
  const board = existing ? boards.data.find((b) => b.id === existing.board_id) : boards.data.find((b) => b.slug === slug);
  if (!board || (existing && !existing.can_edit)) return <NotFoundRoute />;
  return <PostEditor key={existing?.id ?? board.id} board={board} boards={boards.data} existing={existing} />;
}

function PostEditor({ board, boards, existing }: { board: Board; boards: Board[]; existing?: PostDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const limits = useUploadLimits();
  const uploads = useUploads(limits.data, existing?.attachments);
  const save = useSavePost();
  const [boardId, setBoardId] = useState(board.id);
  const [title, setTitle] = useState(existing?.title ?? '');
  const [body, setBody] = useState(existing?.body ?? '');
  const [savedId, setSavedId] = useState<number | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [triedWithUnattached, setTriedWithUnattached] = useState(false);
  usePageTitle(existing ? t('editor.editTitle') : t('editor.newTitle'));

  const initialKeys = (existing?.attachments ?? []).map((a) => a.key).join('|');
  const dirty = title !== (existing?.title ?? '') || body !== (existing?.body ?? '') || uploads.keys.join('|') !== initialKeys || uploads.busy;

  // Navigate only after the "saved" render, so the unsaved-changes guard is already off.
  useEffect(() => {
    if (savedId !== null) navigate(`/posts/${savedId}`, { replace: true });
  }, [savedId, navigate]);

  const writable = boards.filter((b) => !b.archived && (!b.admin_only || user?.role === 'admin'));
  const titleTooLong = title.trim().length > TITLE_MAX;
  // Files refused or failed stay listed until removed or retried: publishing then would drop them unsaid.
  const unattached = uploads.items.filter((i) => i.status !== 'done' && i.status !== 'uploading').map((i) => i.name);
  const titleError = localError ?? (titleTooLong ? t('editor.titleTooLong', { max: TITLE_MAX }) : fieldError(save.error, 'title'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (uploads.busy) return;
    if (!title.trim()) return setLocalError(t('editor.titleRequired'));
    if (titleTooLong) return;
    setLocalError(null);
    setTriedWithUnattached(unattached.length > 0);
    if (unattached.length > 0) return;
    save.mutate(
      { id: existing?.id, board_id: boardId, title: title.trim(), body, attachment_keys: uploads.keys },
      { onSuccess: (saved) => setSavedId(saved.id) },
    );
  };

  return (
    <section className="page editor">
      <h1>{existing ? t('editor.editTitle') : t('editor.newTitle')}</h1>
      <form className="form" onSubmit={submit} noValidate>
        {!existing && (
          <div className="field">
            <label htmlFor="editor-board">{t('editor.board')}</label>
            <select id="editor-board" value={boardId} onChange={(e) => setBoardId(Number(e.target.value))}>
              {writable.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
            </select>
          </div>
        )}
        <TextField label={t('editor.title')} name="title" required value={title} onChange={(e) => { setTitle(e.target.value); setLocalError(null); }}
          hint={t('editor.titleCount', { count: title.trim().length, max: TITLE_MAX })} error={titleError ?? undefined} />
        <MarkdownEditor value={body} onChange={setBody} error={fieldError(save.error, 'body')} />
        <AttachmentPicker uploads={uploads} limits={limits.data} />
        {limits.isError && <ErrorState error={limits.error} onRetry={() => limits.refetch()} />}
        {triedWithUnattached && unattached.length > 0 && (
          <p className="field__error" role="alert" data-testid="unattached-files">{t('editor.unattachedFiles', { names: unattached.join(', ') })}</p>
        )}
        {!titleError && <InlineError error={save.error} />}
        <div className="form__actions">
          <button type="button" className="btn btn--ghost" onClick={() => navigate(-1)}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn--primary" disabled={save.isPending || uploads.busy}>
            {uploads.busy ? t('editor.waitForUploads') : save.isPending ? t('common.saving') : existing ? t('common.save') : t('editor.publish')}
          </button>
        </div>
      </form>
      <UnsavedChangesGuard when={dirty && savedId === null} />
    </section>
  );
}
