import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MentionPicker, withMention } from '@/components/mention-picker';

/** Markdown textarea with a preview tab; the preview is sanitised like the post page. */
export function MarkdownEditor({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const preview = useMemo(
    () => (tab === 'preview' ? DOMPurify.sanitize(marked.parse(value, { async: false, gfm: true, breaks: true })) : ''),
    [tab, value],
  );

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
          <div className="markdown md-editor__preview" data-testid="preview" dangerouslySetInnerHTML={{ __html: preview || `<p class="muted">${t('editor.nothingToPreview')}</p>` }} />
        )}
      </div>
      <small id={`${id}-hint`} className="field__hint">{t('editor.markdownHint')}</small>
      {error && <small className="field__error">{error}</small>}
    </div>
  );
}
