import { useState, type FormEvent } from 'react';
import { DateField } from '../components/date-field';
import {
  AGENCY_KINDS,
  ApiFailure,
  newId,
  query,
  type Api,
  type PlanPage,
  type ReportRequestPage,
  type ReportRequestStarted,
} from '../api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { vietnamToday } from '../format';
import { ErrorBox, Loading, Notice, Pager, useAsync } from '../components/ui';
import { OperationProgress } from '../components/operation';

interface FieldDraft {
  labelVi: string;
  labelEn: string;
  type: 'number' | 'text' | 'url' | 'attachment' | 'date';
  required: boolean;
  min: string;
}

const EMPTY_FIELD: FieldDraft = { labelVi: '', labelEn: '', type: 'text', required: true, min: '' };

/** The generic on-demand duty: the officer writes the figures and picks the agencies. */
const GENERIC_DUTY = 'report-on-demand';

interface Text {
  vi: string;
  en: string;
}

/** An on-demand duty of a plan, as the plan page lists it (GET /api/v1/plans/{code}). */
interface OnDemandDuty {
  code: string;
  clause: string;
  recurrence: string;
  binding: boolean;
  spec: { title: Text; evidence: { fields: Array<{ key: string; label: Text; required: boolean }> } };
  addressees: Array<{ code: string; name: string }>;
}

/** Every on-demand duty of every plan, the generic one first. */
async function onDemandDuties(api: Api): Promise<OnDemandDuty[]> {
  const plans = await api.get<PlanPage>(`/api/v1/plans${query({ pageSize: 100 })}`);
  const details = await Promise.all(
    plans.items.map((p) => api.get<{ duties: OnDemandDuty[] }>(`/api/v1/plans/${encodeURIComponent(p.code)}`)),
  );
  const duties = details.flatMap((d) => d.duties).filter((d) => d.recurrence === 'on-demand');
  return [...duties.filter((d) => d.code === GENERIC_DUTY), ...duties.filter((d) => d.code !== GENERIC_DUTY)];
}

/** Ad-hoc report requests (báo cáo đột xuất): create one for agency kinds or codes, follow the list. */
export function Requests({ api }: { api: Api }) {
  const { t, date, pick } = useI18n();
  const [page, setPage] = useState(1);
  const list = useAsync(
    () => api.get<ReportRequestPage>(`/api/v1/report-requests${query({ page, pageSize: 20 })}`),
    [api, page],
  );
  const duties = useAsync(() => onDemandDuties(api), [api]);
  const [dutyCode, setDutyCode] = useState(GENERIC_DUTY);
  const duty = duties.data?.find((d) => d.code === dutyCode);
  // A named duty brings its own figures and addressees; the generic one is written here.
  const named = dutyCode !== GENERIC_DUTY;
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [kinds, setKinds] = useState<string[]>([]);
  const [codes, setCodes] = useState('');
  const [fields, setFields] = useState<FieldDraft[]>([{ ...EMPTY_FIELD }]);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [notice, setNotice] = useState('');
  const [fanOut, setFanOut] = useState<string | null>(null);
  // One key per request being written: a retried or double-clicked submit is the same request.
  const [clientId, setClientId] = useState(newId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const codeList = codes
      .split(/[\s,;]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    try {
      const res = await api.post<ReportRequestStarted>('/api/v1/report-requests', {
        clientId,
        title: title.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        dueDate,
        ...(named
          ? { dutyCode }
          : {
              agencies: { ...(codeList.length ? { codes: codeList } : {}), ...(kinds.length ? { kinds } : {}) },
              fields: fields.map((f, i) => ({
                key: `field${i + 1}`,
                label: { vi: f.labelVi.trim(), en: f.labelEn.trim() || f.labelVi.trim() },
                type: f.type,
                required: f.required,
                ...(f.type === 'number' && f.min.trim() !== '' ? { min: Number(f.min) } : {}),
              })),
            }),
      });
      setNotice(t('requests.accepted', { key: res.key, agencies: res.agencies }));
      setFanOut(res.progress);
      setClientId(newId());
      setTitle('');
      setDescription('');
      setFields([{ ...EMPTY_FIELD }]);
      list.reload();
    } catch (err) {
      setError(err as ApiFailure);
    }
  }

  const setField = (i: number, patch: Partial<FieldDraft>) =>
    setFields((fs) => fs.map((f, j) => (j === i ? { ...f, ...patch } : f)));

  return (
    <>
      <h1>{t('requests.title')}</h1>
      <section aria-labelledby="new-req">
        <h2 id="new-req">{t('requests.new')}</h2>
        <form className="stack form-grid" onSubmit={(e) => void submit(e)}>
          <ErrorBox error={duties.error} />
          <label>
            {t('requests.duty')}
            <select value={dutyCode} onChange={(e) => setDutyCode(e.target.value)}>
              {(duties.data ?? []).map((d) => (
                <option key={d.code} value={d.code}>
                  {`${d.clause === 'V.report' ? t('requests.generic') : d.clause}: ${pick(d.spec.title)}`}
                </option>
              ))}
              {duties.data ? null : <option value={GENERIC_DUTY}>{t('requests.generic')}</option>}
            </select>
          </label>
          <label>
            {t('requests.fTitle')}
            <input required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label>
            {t('requests.fDescription')}
            <textarea rows={2} maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <DateField label={t('due')} required min={vietnamToday()} value={dueDate} onChange={setDueDate} />
          {named && duty ? (
            <section aria-label={t('requests.dutyGives')} className="stack">
              <p>{duty.binding ? t('requests.binding') : t('requests.requested')}</p>
              <p>
                {t('requests.dutyAgencies')}: {duty.addressees.map((a) => a.name).join(', ') || '—'}
              </p>
              <p>{t('requests.dutyFields')}:</p>
              <ul>
                {duty.spec.evidence.fields.map((f) => (
                  <li key={f.key}>
                    {pick(f.label)}
                    {f.required ? ` (${t('required').toLowerCase()})` : ''}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {named ? null : (
            <>
              <fieldset>
                <legend>{t('requests.kinds')}</legend>
                {AGENCY_KINDS.map((k) => (
                  <label key={k} className="check">
                    <input
                      type="checkbox"
                      checked={kinds.includes(k)}
                      onChange={(e) => setKinds((ks) => (e.target.checked ? [...ks, k] : ks.filter((x) => x !== k)))}
                    />
                    {t(`kind.${k}` as MessageKey)}
                  </label>
                ))}
              </fieldset>
              <label>
                {t('requests.codes')}
                <input value={codes} onChange={(e) => setCodes(e.target.value)} placeholder="xa-dong-son, so-y-te" />
              </label>
              <fieldset>
                <legend>{t('requests.fields')}</legend>
                {fields.map((f, i) => (
                  <div key={i} className="field-row" role="group" aria-label={t('requests.fieldN', { n: i + 1 })}>
                    <label>
                      {t('requests.labelVi')}
                      <input required value={f.labelVi} onChange={(e) => setField(i, { labelVi: e.target.value })} />
                    </label>
                    <label>
                      {t('requests.labelEn')}
                      <input value={f.labelEn} onChange={(e) => setField(i, { labelEn: e.target.value })} />
                    </label>
                    <label>
                      {t('requests.type')}
                      <select
                        value={f.type}
                        onChange={(e) => setField(i, { type: e.target.value as FieldDraft['type'] })}
                      >
                        {(['text', 'number', 'url', 'date', 'attachment'] as const).map((ty) => (
                          <option key={ty} value={ty}>
                            {t(`fieldType.${ty}` as MessageKey)}
                          </option>
                        ))}
                      </select>
                    </label>
                    {f.type === 'number' ? (
                      <label>
                        {t('requests.min')}
                        <input type="number" value={f.min} onChange={(e) => setField(i, { min: e.target.value })} />
                      </label>
                    ) : null}
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={f.required}
                        onChange={(e) => setField(i, { required: e.target.checked })}
                      />
                      {t('required')}
                    </label>
                    {fields.length > 1 ? (
                      <button type="button" onClick={() => setFields((fs) => fs.filter((_, j) => j !== i))}>
                        {t('requests.removeField')}
                      </button>
                    ) : null}
                  </div>
                ))}
                <button type="button" onClick={() => setFields((fs) => [...fs, { ...EMPTY_FIELD }])}>
                  {t('requests.addField')}
                </button>
              </fieldset>
            </>
          )}
          <ErrorBox error={error} />
          {notice ? <Notice>{notice}</Notice> : null}
          {fanOut ? <OperationProgress api={api} link={fanOut} onEnd={list.reload} /> : null}
          <button type="submit" className="primary">
            {t('requests.create')}
          </button>
        </form>
      </section>
      <section aria-labelledby="req-list">
        <h2 id="req-list">{t('requests.list')}</h2>
        {list.loading ? <Loading /> : null}
        <ErrorBox error={list.error} />
        {list.data && list.data.items.length === 0 ? <p>{t('empty')}</p> : null}
        {list.data && list.data.items.length > 0 ? (
          <div className="table-scroll">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">{t('requests.key')}</th>
                  <th scope="col">{t('requests.fTitle')}</th>
                  <th scope="col">{t('requests.duty')}</th>
                  <th scope="col">{t('due')}</th>
                  <th scope="col">{t('requests.agencies')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id}>
                    <td>{r.key}</td>
                    <th scope="row">{r.title}</th>
                    <td>{pick(r.duty.title) || '—'}</td>
                    <td>{date(r.dueDate)}</td>
                    <td>{r.agencies}</td>
                    <td>
                      <a href={`#/matrix?period=${encodeURIComponent(r.key)}`}>{t('requests.follow')}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {list.data && list.data.total > list.data.pageSize ? (
          <Pager page={page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
        ) : null}
      </section>
    </>
  );
}
