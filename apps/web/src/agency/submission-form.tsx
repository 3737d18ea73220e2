import { useEffect, useState, type FormEvent } from 'react';
import {
  ApiFailure,
  newId,
  type Api,
  type AssignmentDetail,
  type Attachment,
  type EvidenceField,
  type SubmitResult,
} from '../api';
import { useI18n } from '../i18n';
import { ATTACHMENT_TYPES, checkAttachment, checkNumber, formatBytes, isWebLink } from '../format';
import { ErrorBox } from '../components/ui';

type Uploaded = Pick<Attachment, 'id' | 'name' | 'sizeBytes'>;

/** The report form, built from the duty's evidence spec; numbers are checked against targets as they are typed. */
export function SubmissionForm({
  api,
  assignment,
  onSubmitted,
}: {
  api: Api;
  assignment: AssignmentDetail;
  onSubmitted: (shortfalls: number) => void;
}) {
  const { t, pick, lang } = useI18n();
  const fields = assignment.evidence;
  const [values, setValues] = useState<Record<string, string>>({});
  const [links, setLinks] = useState('');
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [fileError, setFileError] = useState('');
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  // One id per attempt: a double click or a retry after a lost answer is recorded once.
  const [submissionId, setSubmissionId] = useState(newId);
  useEffect(() => {
    // A returned report opens with the last submission, so the agency corrects it instead of retyping it.
    const last = assignment.status === 'returned' ? assignment.submissions?.at(-1) : undefined;
    setValues(
      last
        ? Object.fromEntries(
            fields
              .filter((f) => f.type !== 'attachment' && last.values[f.key] !== undefined)
              .map((f) => [f.key, String(last.values[f.key])]),
          )
        : {},
    );
    setFiles(last?.attachments?.map((a) => ({ id: a.id, name: a.name, sizeBytes: a.sizeBytes ?? 0 })) ?? []);
    setLinks(last?.links?.join('\n') ?? '');
    setNote(last?.note ?? '');
    setSubmissionId(newId());
  }, [assignment.id, assignment.status]);

  const linkList = links
    .split(/\s+/)
    .map((l) => l.trim())
    .filter(Boolean);
  const badLinks = linkList.filter((l) => !isWebLink(l));
  const problems = fields.filter((f) => {
    const v = values[f.key] ?? '';
    if (f.type === 'number') {
      const c = checkNumber(v, f.min);
      return c.kind === 'invalid' || (f.required && c.kind === 'empty');
    }
    if (f.type === 'url') {
      return (v.trim() !== '' && !isWebLink(v)) || (f.required && v.trim() === '');
    }
    if (f.type === 'attachment') {
      return f.required && files.length === 0;
    }
    return f.required && v.trim() === '';
  });

  async function upload(list: FileList | null) {
    setFileError('');
    for (const file of Array.from(list ?? [])) {
      const check = checkAttachment(file);
      if (!check.ok) {
        setFileError(t(`file.${check.reason}`, { name: file.name }));
        continue;
      }
      setUploading(true);
      try {
        const saved = await api.upload(assignment.id, file);
        setFiles((fs) => [...fs, saved]);
      } catch (err) {
        setFileError(err instanceof ApiFailure ? pick(err.text) : t('file.failed', { name: file.name }));
      } finally {
        setUploading(false);
      }
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (problems.length > 0 || badLinks.length > 0) {
      return;
    }
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { submissionId, values: {} };
    const out = body.values as Record<string, string | number>;
    for (const f of fields) {
      const v = (values[f.key] ?? '').trim();
      if (f.type === 'number') {
        const c = checkNumber(v, f.min);
        if (c.kind === 'ok' || c.kind === 'below') {
          out[f.key] = c.value;
        }
      } else if (f.type === 'attachment') {
        if (files.length > 0) {
          out[f.key] = files.map((x) => x.id).join(',');
        }
      } else if (v) {
        out[f.key] = v;
      }
    }
    if (linkList.length) {
      body.links = linkList;
    }
    if (files.length) {
      body.attachments = files.map(({ id, name, sizeBytes }) => ({ id, name, sizeBytes }));
    }
    if (note.trim()) {
      body.note = note.trim();
    }
    try {
      const res = await api.post<SubmitResult>(`/api/v1/assignments/${assignment.id}/submit`, body);
      setSubmissionId(newId());
      setValues({});
      setFiles([]);
      setLinks('');
      setNote('');
      onSubmitted(res.shortfalls.length);
    } catch (err) {
      setError(err as ApiFailure);
    } finally {
      setBusy(false);
    }
  }

  const input = (f: EvidenceField) => {
    const id = `f-${f.key}`;
    const v = values[f.key] ?? '';
    const set = (value: string) => setValues((vs) => ({ ...vs, [f.key]: value }));
    if (f.type === 'number') {
      const c = checkNumber(v, f.min);
      return (
        <div className="field" key={f.key}>
          <label htmlFor={id}>
            {pick(f.label)}
            {f.required ? <span aria-hidden="true"> *</span> : null}
            {f.min !== undefined ? <span className="hint"> ({t('form.target', { min: f.min })})</span> : null}
          </label>
          <input
            id={id}
            name={f.key}
            inputMode="decimal"
            autoComplete="off"
            required={f.required}
            value={v}
            onChange={(e) => set(e.target.value)}
            aria-invalid={c.kind === 'invalid'}
            aria-describedby={`${id}-check`}
          />
          <span id={`${id}-check`} className={`check-${c.kind}`} aria-live="polite">
            {c.kind === 'invalid'
              ? t('form.notNumber')
              : c.kind === 'below'
                ? `⚠ ${t('form.below', { value: c.value, target: c.target })}`
                : c.kind === 'ok' && f.min !== undefined
                  ? `✓ ${t('form.meets')}`
                  : ''}
          </span>
        </div>
      );
    }
    if (f.type === 'attachment') {
      return (
        <div className="field" key={f.key}>
          <label htmlFor={id}>
            {pick(f.label)}
            {f.required ? <span aria-hidden="true"> *</span> : null}
          </label>
          <input
            id={id}
            type="file"
            multiple
            accept={Object.keys(ATTACHMENT_TYPES).join(',')}
            onChange={(e) => {
              void upload(e.target.files);
              e.target.value = '';
            }}
            aria-describedby={`${id}-hint`}
          />
          <span id={`${id}-hint`} className="hint">
            {t('file.hint')}
          </span>
        </div>
      );
    }
    return (
      <div className="field" key={f.key}>
        <label htmlFor={id}>
          {pick(f.label)}
          {f.required ? <span aria-hidden="true"> *</span> : null}
        </label>
        {f.type === 'text' ? (
          <textarea
            id={id}
            name={f.key}
            rows={3}
            required={f.required}
            value={v}
            onChange={(e) => set(e.target.value)}
          />
        ) : (
          <input
            id={id}
            name={f.key}
            type={f.type === 'url' ? 'url' : 'date'}
            required={f.required}
            value={v}
            onChange={(e) => set(e.target.value)}
          />
        )}
      </div>
    );
  };

  const hasAttachmentField = fields.some((f) => f.type === 'attachment');
  return (
    <form className="stack report-form" onSubmit={(e) => void submit(e)} aria-labelledby="form-h" noValidate>
      <h3 id="form-h">{assignment.status === 'returned' ? t('form.resubmit') : t('form.title')}</h3>
      <p className="hint">{t('form.required')}</p>
      {fields.map(input)}
      {!hasAttachmentField ? (
        <div className="field">
          <label htmlFor="f-files">{t('file.label')}</label>
          <input
            id="f-files"
            type="file"
            multiple
            accept={Object.keys(ATTACHMENT_TYPES).join(',')}
            onChange={(e) => {
              void upload(e.target.files);
              e.target.value = '';
            }}
            aria-describedby="f-files-hint"
          />
          <span id="f-files-hint" className="hint">
            {t('file.hint')}
          </span>
        </div>
      ) : null}
      {uploading ? <p role="status">{t('file.uploading')}</p> : null}
      {fileError ? (
        <p className="error" role="alert">
          {fileError}
        </p>
      ) : null}
      {files.length > 0 ? (
        <ul className="files" aria-label={t('file.list')}>
          {files.map((f) => (
            <li key={f.id}>
              {f.name} ({formatBytes(f.sizeBytes, lang)}){' '}
              <button
                type="button"
                aria-label={t('file.removeName', { name: f.name })}
                onClick={() => setFiles((fs) => fs.filter((x) => x.id !== f.id))}
              >
                {t('file.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="field">
        <label htmlFor="f-links">{t('form.links')}</label>
        <textarea
          id="f-links"
          rows={2}
          value={links}
          onChange={(e) => setLinks(e.target.value)}
          aria-invalid={badLinks.length > 0}
          aria-describedby="f-links-check"
        />
        <span id="f-links-check" className="hint" aria-live="polite">
          {badLinks.length > 0 ? t('form.badLinks', { links: badLinks.join(', ') }) : t('form.linksHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor="f-note">{t('form.note')}</label>
        <textarea id="f-note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {problems.length > 0 ? (
        <p className="hint" aria-live="polite">
          {t('form.missing', { fields: problems.map((f) => pick(f.label)).join('; ') })}
        </p>
      ) : null}
      <ErrorBox error={error} />
      <button
        type="submit"
        className="primary"
        disabled={busy || uploading || problems.length > 0 || badLinks.length > 0}
      >
        {busy ? t('form.sending') : t('form.submit')}
      </button>
    </form>
  );
}
