import { useState, type ChangeEvent } from 'react';
import { ApiFailure, type Api, type Bilingual } from '../api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { ErrorBox, Notice } from '../components/ui';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What `POST /api/v1/agencies/import` answers (preview, or the import applied). */
interface ImportSummary {
  applied: boolean;
  fileName: string;
  sha256: string;
  format: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1258' | 'xlsx';
  separator: ',' | ';' | '\t' | null;
  notes: Bilingual[];
  rows: number;
  created: Array<{ code: string; name: string; line: number }>;
  changed: Array<{
    code: string;
    name: string;
    line: number;
    fields: Array<{ field: string; before: string | string[] | null; after: string | string[] | null }>;
  }>;
  retired: Array<{ code: string; name: string; line: number; validTo: string }>;
  unchanged: number;
}

/** One problem of a refused file, as the API lists them. */
interface ImportProblem {
  line: number;
  column: string | null;
  /** English (the Vietnamese and English texts, for a legacy-encoding refusal). */
  message: string;
  /** Vietnamese. */
  vi?: string;
}

const SEPARATOR_KEYS: Record<string, MessageKey> = {
  ',': 'import.separator.comma',
  ';': 'import.separator.semicolon',
  '\t': 'import.separator.tab',
};

const FIELD_KEYS: Record<string, MessageKey> = {
  name: 'import.field.name',
  kind: 'import.field.kind',
  subtype: 'import.field.subtype',
  parentCode: 'import.field.parentCode',
  validFrom: 'import.field.validFrom',
  validTo: 'import.field.validTo',
  successorCode: 'import.field.successorCode',
  focalEmail: 'import.field.focalEmail',
  headEmail: 'import.field.headEmail',
  formedFrom: 'import.field.formedFrom',
  note: 'import.field.note',
};

function problemsOf(error: ApiFailure | null): ImportProblem[] {
  if (!error || error.code !== 'IMPORT_INVALID' || !Array.isArray(error.details)) {
    return [];
  }
  return error.details as ImportProblem[];
}

/**
 * Import of the registry from a file (CSV in UTF-8, Windows-1258, comma, semicolon or tab; or
 * XLSX): the officer chooses the file, reads the preview (new, changed and retired agencies, notes
 * on how the file was read, or every error by line and column), then confirms; the API writes
 * all of it or nothing. Also offers the registry as a file to edit and import back.
 */
export function AgencyImport({ api, onImported }: { api: Api; onImported: () => void }) {
  const { t, pick, date, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportSummary | null>(null);
  const [applied, setApplied] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState<'reading' | 'writing' | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const failed = (err: unknown): void => setError(err instanceof ApiFailure ? err : null);

  async function send(chosen: File, confirm?: string): Promise<ImportSummary> {
    const isXlsx = /\.xlsx$/i.test(chosen.name);
    const params = new URLSearchParams({ fileName: chosen.name, ...(confirm ? { confirm } : {}) });
    return api.postFile<ImportSummary>(
      `/api/v1/agencies/import?${params.toString()}`,
      chosen,
      isXlsx ? XLSX_TYPE : 'text/csv',
    );
  }

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const chosen = e.target.files?.[0] ?? null;
    setFile(chosen);
    setPreview(null);
    setApplied(null);
    setError(null);
    if (!chosen) {
      return;
    }
    setBusy('reading');
    try {
      setPreview(await send(chosen));
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  }

  async function confirm() {
    if (!file || !preview) {
      return;
    }
    setBusy('writing');
    setError(null);
    try {
      const result = await send(file, preview.sha256);
      setApplied(result);
      setPreview(null);
      setFile(null);
      setInputKey((k) => k + 1);
      onImported();
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  }

  function cancel() {
    setPreview(null);
    setFile(null);
    setError(null);
    setInputKey((k) => k + 1);
  }

  /** A field's value in words: dates dd/mm/yyyy, kinds named, lists joined, nothing as a dash. */
  const value = (field: string, v: string | string[] | null): string => {
    const text = Array.isArray(v) ? v.join('; ') : (v ?? '');
    if (text === '') {
      return '—';
    }
    if (field === 'kind') {
      return t(`kind.${text}` as MessageKey);
    }
    return field === 'validFrom' || field === 'validTo' ? date(text) : text;
  };

  const readAs = (s: ImportSummary): string =>
    s.encoding === 'xlsx'
      ? t('import.readXlsx', { rows: s.rows })
      : t('import.readCsv', {
          rows: s.rows,
          encoding: t(`import.encoding.${s.encoding}` as MessageKey),
          separator: t(SEPARATOR_KEYS[s.separator ?? ','] ?? 'import.separator.comma'),
        });

  const problems = problemsOf(error);
  const changes = preview ? preview.created.length + preview.changed.length : 0;

  return (
    <section aria-labelledby="agency-import" className="agency-import">
      <h2 id="agency-import">{t('import.title')}</h2>
      <p className="lead">{t('import.lead')}</p>
      <div className="buttons">
        <button
          type="button"
          onClick={() => void api.download('/api/v1/agencies/export.xlsx', 'danh-sach-co-quan.xlsx').catch(failed)}
        >
          {t('import.exportXlsx')}
        </button>
        <button
          type="button"
          onClick={() => void api.download('/api/v1/agencies/export.csv', 'danh-sach-co-quan.csv').catch(failed)}
        >
          {t('import.exportCsv')}
        </button>
      </div>
      <label className="stack">
        {t('import.file')}
        <input
          key={inputKey}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy !== null}
          onChange={(e) => void choose(e)}
        />
      </label>
      {busy === 'reading' ? <p role="status">{t('import.reading')}</p> : null}
      {busy === 'writing' ? <p role="status">{t('import.writing')}</p> : null}
      {applied ? (
        <Notice>
          {t('import.applied', {
            file: applied.fileName,
            created: applied.created.length,
            changed: applied.changed.length,
            retired: applied.retired.length,
          })}
        </Notice>
      ) : null}
      {error ? (
        <div data-testid="import-refused">
          <ErrorBox error={error} />
          {problems.length ? (
            <div className="table-scroll">
              <table className="list stack-on-phone" data-testid="import-errors">
                <caption>{t('import.errors', { n: problems.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.line')}</th>
                    <th scope="col">{t('import.column')}</th>
                    <th scope="col">{t('import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {problems.map((p, i) => (
                    <tr key={`${p.line}-${p.column ?? ''}-${i}`}>
                      <th scope="row">{t('import.lineN', { n: p.line })}</th>
                      <td data-label={t('import.column')}>{p.column ?? '—'}</td>
                      <td data-label={t('import.problem')} className="wrap">
                        {lang === 'vi' ? (p.vi ?? p.message) : p.message}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {problems.length ? <p>{t('import.allOrNothing')}</p> : null}
        </div>
      ) : null}
      {preview ? (
        <div data-testid="import-preview" className="stack">
          <h3>{t('import.previewTitle', { file: preview.fileName })}</h3>
          <p>{readAs(preview)}</p>
          {preview.notes.map((n, i) => (
            <p key={i} className="notice" role="note">
              {pick(n)}
            </p>
          ))}
          {preview.created.length ? (
            <div className="table-scroll">
              <table className="list stack-on-phone" data-testid="import-created">
                <caption>{t('import.created', { n: preview.created.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('agency')}</th>
                    <th scope="col">{t('import.line')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.created.map((c) => (
                    <tr key={c.code}>
                      <th scope="row">
                        {c.name} <small className="code">{c.code}</small>
                      </th>
                      <td data-label={t('import.line')}>{c.line}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {preview.changed.length ? (
            <div className="table-scroll">
              <table className="list stack-on-phone" data-testid="import-changed">
                <caption>{t('import.changed', { n: preview.changed.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('agency')}</th>
                    <th scope="col">{t('import.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.changed.map((c) => (
                    <tr key={c.code}>
                      <th scope="row">
                        {c.name} <small className="code">{c.code}</small>
                      </th>
                      <td data-label={t('import.changes')} className="wrap">
                        <ul className="changes">
                          {c.fields.map((f) => (
                            <li key={f.field}>
                              {t(FIELD_KEYS[f.field] ?? 'import.field.other')}: {value(f.field, f.before)} →{' '}
                              {value(f.field, f.after)}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {preview.retired.length ? (
            <div className="table-scroll">
              <table className="list stack-on-phone" data-testid="import-retired">
                <caption>{t('import.retired', { n: preview.retired.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('agency')}</th>
                    <th scope="col">{t('import.field.validTo')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.retired.map((r) => (
                    <tr key={r.code}>
                      <th scope="row">
                        {r.name} <small className="code">{r.code}</small>
                      </th>
                      <td data-label={t('import.field.validTo')}>{date(r.validTo)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <p data-testid="import-unchanged">
            {changes === 0
              ? t('import.nothing', { n: preview.unchanged })
              : t('import.unchanged', { n: preview.unchanged })}
          </p>
          <div className="buttons">
            {changes > 0 ? (
              <button type="button" className="primary" disabled={busy !== null} onClick={() => void confirm()}>
                {t('import.confirm', { n: changes })}
              </button>
            ) : null}
            <button type="button" disabled={busy !== null} onClick={cancel}>
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
