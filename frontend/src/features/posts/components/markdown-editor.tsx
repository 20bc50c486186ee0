import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MentionPicker, withMention } from '@/components/mention-picker';
import { InlineError } from '@/components/status';
import { sanitizeHtml } from '@/lib/sanitize';
import { usePreview } from '../api/preview';

/** Markdown textarea with a preview tab. The preview is the server's rendering (the one the
 * published post shows), sanitised again like the post page. */
export function MarkdownEditor({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const rendered = usePreview(value, tab === 'preview');
  const empty = value.trim() === '';
  const preview = useMemo(() => (rendered.data && !empty ? sanitizeHtml(rendered.data) : ''), [rendered.data, empty]);

  return (
    <div className="field md-editor">
      <div className="md-editor__head">
        <label htmlFor={`${id}-body`}>{t('editor.body')}</label>
        <MentionPicker onPick={(name) => { onChange(withMention(value, name)); setTab('write'); }} />
        <div className="tabs" role="tablist" aria-label={t('editor.mode')}>
          <button type="button" role="tab" id={`${id}-tab-write`} aria-selected={tab === 'write'} aria-controls={`${id}-panel`} onClick={() => setTab('write')}>
            {t('editor.write')}
          </button>
          <button type="button" role="tab" id={`${id}-tab-preview`} aria-selected={tab === 'preview'} aria-controls={`${id}-panel`} onClick={() => setTab('preview')}>
            {t('editor.preview')}
          </button>
        </div>
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${tab}`}>
        {tab === 'write' ? (
          <textarea
            id={`${id}-body`}
            name="body"
            rows={14}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint`}
          />
        ) : (
          <div className="md-editor__preview-wrap" aria-busy={rendered.isFetching}>
            {empty ? (
              <p className="muted md-editor__preview" data-testid="preview">{t('editor.nothingToPreview')}</p>
            ) : !preview && rendered.isFetching ? (
              <p className="muted md-editor__preview" data-testid="preview">{t('editor.previewLoading')}</p>
            ) : (
              <div className="markdown md-editor__preview" data-testid="preview" data-stale={rendered.isPlaceholderData || undefined}
                dangerouslySetInnerHTML={{ __html: preview }} />
            )}
            <InlineError error={rendered.error} />
          </div>
        )}
      </div>
      <small id={`${id}-hint`} className="field__hint">{t('editor.markdownHint')}</small>
      {error && <small className="field__error">{error}</small>}
    </div>
  );
}
