import { useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PaperclipIcon } from '@/components/icons';
import { MentionPicker, withMention } from '@/components/mention-picker';
import { ProgressBar } from '@/components/progress-bar';
import { useUploadLimits, useUploads } from '@/features/uploads';
import { formatSize } from '@/lib/format';

export const MESSAGE_MAX = 4000;
const TYPING_EVERY_MS = 3000;

type Props = {
  /** Where the unsent text is kept (localStorage), so it survives switching conversations and reloads. */
  draftKey?: string;
  onSend: (body: string, attachment?: { key: string; filename: string }) => void;
  onTyping?: () => void;
  disabled?: boolean;
};

/**
 * The message box. Enter sends and Shift+Enter starts a new line, but an Enter that only
 * finishes a Korean (or any IME) syllable must neither send nor repeat the syllable:
 * such keydowns carry `isComposing` (Chrome, Firefox) or keyCode 229 (Safari, which fires
 * the Enter after `compositionend`).
 */
function readDraft(key?: string): string {
  try {
    return (key && localStorage.getItem(key)) || '';
  } catch {
    return ''; // storage unavailable (private mode): no drafts, nothing else changes
  }
}

function keepDraft(key: string | undefined, body: string) {
  if (!key) return;
  try {
    if (body) localStorage.setItem(key, body);
    else localStorage.removeItem(key);
  } catch {
    /* storage full or unavailable: the draft is simply not kept */
  }
}

export function Composer({ draftKey, onSend, onTyping, disabled }: Props) {
  const { t } = useTranslation();
  const [body, setBodyState] = useState(() => readDraft(draftKey));
  const setBody = (value: string) => {
    setBodyState(value);
    keepDraft(draftKey, value);
  };
  const composing = useRef(false);
  const lastTyping = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const limits = useUploadLimits();
  const uploads = useUploads(limits.data);
  const upload = uploads.items[0];
  const tooLong = body.length > MESSAGE_MAX;
  const canSend = !disabled && !tooLong && !uploads.busy && (body.trim() !== '' || uploads.keys.length > 0);

  function submit() {
    if (!canSend) return;
    const key = uploads.keys[0];
    onSend(body.trim(), key && upload ? { key, filename: upload.name } : undefined);
    setBody('');
    uploads.items.forEach((item) => uploads.remove(item.id));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.shiftKey) return;
    if (event.nativeEvent.isComposing || event.keyCode === 229 || composing.current) return;
    event.preventDefault();
    submit();
  }

  function onChange(event: ChangeEvent<HTMLTextAreaElement>) {
    setBody(event.target.value);
    const now = Date.now();
    if (onTyping && event.target.value && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      onTyping();
    }
  }

  function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])].slice(0, 1);
    uploads.items.forEach((item) => uploads.remove(item.id));
    uploads.addFiles(files);
    event.target.value = '';
  }

  return (
    <form className="chat-composer" onSubmit={(e: FormEvent) => { e.preventDefault(); submit(); }}>
      {upload && (
        <div className="chat-composer__upload" data-testid="chat-upload" data-status={upload.status}>
          <PaperclipIcon />
          <span className="chat-composer__filename">{upload.name}</span>
          {upload.status === 'uploading' && <ProgressBar value={upload.progress} label={upload.name} />}
          {upload.problem && <span className="field__error" role="alert">{problemText(upload.problem, t)}</span>}
          <button type="button" className="btn btn--ghost btn--small" onClick={() => uploads.remove(upload.id)}>
            {t('chat.composer.removeAttachment')}
          </button>
        </div>
      )}
      <div className="chat-composer__row">
        <button type="button" className="btn btn--ghost chat-composer__attach" aria-label={t('chat.composer.attach')}
          onClick={() => fileInput.current?.click()} disabled={disabled || !limits.data}>
          <PaperclipIcon />
        </button>
        <input ref={fileInput} type="file" className="visually-hidden-input" tabIndex={-1} aria-hidden="true" onChange={onFiles} />
        <textarea
          aria-label={t('chat.composer.label')}
          placeholder={t('chat.composer.placeholder')}
          aria-describedby="chat-composer-hint"
          value={body}
          rows={2}
          disabled={disabled}
          onChange={onChange}
          onKeyDown={onKeyDown}
          onCompositionStart={() => { composing.current = true; }}
          onCompositionEnd={() => { composing.current = false; }}
          aria-invalid={tooLong || undefined}
        />
        <button type="submit" className="btn btn--primary" disabled={!canSend}>{t('chat.composer.send')}</button>
      </div>
      <div className="chat-composer__foot">
        <MentionPicker up onPick={(name) => setBody(withMention(body, name))} />
        <p id="chat-composer-hint" className="chat-composer__hint muted">{t('chat.composer.hint')}</p>
      </div>
      {tooLong && <p className="field__error" role="alert">{t('chat.composer.tooLong', { max: MESSAGE_MAX })}</p>}
    </form>
  );
}

function problemText(problem: { code: string; max?: number }, t: (key: string, options?: Record<string, unknown>) => string) {
  if (problem.code === 'too_large') return t('uploads.tooLarge', { size: formatSize(problem.max ?? 0) });
  if (problem.code === 'bad_type') return t('uploads.badType');
  return t('uploads.empty');
}
