import { useState } from 'react';
import {
  ApiFailure,
  query,
  type Api,
  type AssignmentPage,
  type AssignmentRow,
  type BulkProdPreview,
  type BulkProdStarted,
} from '../api';
import { useI18n } from '../i18n';
import { vietnamToday } from '../format';
import { AgencyFilterFields, Dialog, ErrorBox, Loading, Notice, Pager, StatusBadge, useAsync } from '../components/ui';
import { OperationProgress } from '../components/operation';

function daysLate(dueDate: string): number {
  return Math.max(0, Math.round((Date.parse(vietnamToday()) - Date.parse(dueDate)) / 86_400_000));
}

/** Overdue and silent assignments, with one-click prod and a previewed, confirmed bulk prod. */
export function Overdue({ api }: { api: Api }) {
  const { t, date, lang, period } = useI18n();
  const [kind, setKind] = useState('');
  const [silentOnly, setSilentOnly] = useState(false);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [prodded, setProdded] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ApiFailure | null>(null);
  const [notice, setNotice] = useState('');
  const [preview, setPreview] = useState<BulkProdPreview | null>(null);
  const [message, setMessage] = useState('');
  const [bulk, setBulk] = useState<string | null>(null);
  const filter = {
    category: 'open-overdue',
    agencyKind: kind || undefined,
    status: silentOnly ? 'assigned' : undefined,
    q: search.trim() || undefined,
  };
  const list = useAsync(
    () => api.get<AssignmentPage>(`/api/v1/assignments${query({ ...filter, page, pageSize: 50, sort: 'dueDate' })}`),
    [api, kind, silentOnly, search, page],
  );

  async function prod(row: AssignmentRow) {
    setError(null);
    try {
      await api.post(`/api/v1/assignments/${row.id}/prod`, {});
      setProdded((s) => new Set(s).add(row.id));
      setNotice(t('overdue.prodded', { agency: row.agency.name }));
    } catch (err) {
      setError(err as ApiFailure);
    }
  }

  async function openPreview() {
    setError(null);
    try {
      setMessage('');
      setPreview(await api.post<BulkProdPreview>('/api/v1/assignments/bulk-prod', { filter: clean(filter) }));
    } catch (err) {
      setError(err as ApiFailure);
    }
  }

  async function confirmBulk() {
    if (!preview) {
      return;
    }
    try {
      const res = await api.post<BulkProdStarted>('/api/v1/assignments/bulk-prod', {
        filter: clean(filter),
        confirmCount: preview.count,
        ...(message.trim() ? { message: message.trim() } : {}),
      });
      setPreview(null);
      setNotice(t('overdue.bulkAccepted', { count: res.count }));
      setBulk(res.progress);
    } catch (err) {
      setPreview(null);
      setError(err as ApiFailure);
    }
  }

  const rows = list.data?.items ?? [];
  return (
    <>
      <h1>{t('overdue.title')}</h1>
      <p>{t('overdue.intro')}</p>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <AgencyFilterFields
          kind={kind}
          search={search}
          onKind={(k) => {
            setKind(k);
            setPage(1);
          }}
          onSearch={(q) => {
            setSearch(q);
            setPage(1);
          }}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={silentOnly}
            onChange={(e) => {
              setSilentOnly(e.target.checked);
              setPage(1);
            }}
          />
          {t('overdue.silentOnly')}
        </label>
        <button type="button" onClick={() => void openPreview()} disabled={(list.data?.total ?? 0) === 0}>
          {t('overdue.bulk', { count: list.data?.total ?? 0 })}
        </button>
      </form>
      {notice ? <Notice>{notice}</Notice> : null}
      {bulk ? <OperationProgress api={api} link={bulk} onEnd={list.reload} /> : null}
      <ErrorBox error={error ?? list.error} />
      {list.loading ? <Loading /> : null}
      {!list.loading && rows.length === 0 ? <p>{t('overdue.none')}</p> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="list" data-testid="overdue-list">
            <caption className="sr-only">{t('overdue.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('agency')}</th>
                <th scope="col">{t('duty')}</th>
                <th scope="col">{t('period')}</th>
                <th scope="col">{t('due')}</th>
                <th scope="col">{t('overdue.daysLate')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('overdue.chased')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <a href={`#/assignments/${r.id}`}>{r.agency.name}</a>
                  </th>
                  <td>
                    {r.duty.clause} {lang === 'en' ? r.duty.titleEn : r.duty.titleVi}
                  </td>
                  <td>{period(r.periodKey)}</td>
                  <td>{date(r.dueDate)}</td>
                  <td>{daysLate(r.dueDate)}</td>
                  <td>
                    <StatusBadge status={r.status} />
                    {r.status === 'assigned' ? <span className="silent"> · {t('overdue.silent')}</span> : null}
                  </td>
                  <td>{t('overdue.chasedText', { reminders: r.remindersSent, level: r.escalationLevel })}</td>
                  <td>
                    <button type="button" onClick={() => void prod(r)} disabled={prodded.has(r.id)}>
                      {prodded.has(r.id) ? t('overdue.proddedShort') : t('overdue.prod')}
                      <span className="sr-only"> {r.agency.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {/* Listed by page, so the API counts the total (it is absent only for cursor pages). */}
      {list.data && (list.data.total ?? 0) > list.data.pageSize ? (
        <Pager page={page} pageSize={list.data.pageSize} total={list.data.total ?? 0} onPage={setPage} />
      ) : null}
      <Dialog open={preview !== null} title={t('overdue.bulkTitle')} onClose={() => setPreview(null)}>
        {preview ? (
          <div className="stack">
            <p>{t('overdue.bulkPreview', { count: preview.count })}</p>
            <ul className="preview">
              {preview.preview.map((p) => (
                <li key={p.id}>
                  {p.agency} — {p.duty} ({t('due')} {date(p.dueDate)})
                </li>
              ))}
              {preview.count > preview.preview.length ? (
                <li>{t('overdue.andMore', { count: preview.count - preview.preview.length })}</li>
              ) : null}
            </ul>
            <label>
              {t('overdue.message')}
              <textarea value={message} onChange={(e) => setMessage(e.target.value)} rows={3} maxLength={2000} />
            </label>
            <div className="buttons">
              <button type="button" className="primary" onClick={() => void confirmBulk()}>
                {t('overdue.bulkConfirm', { count: preview.count })}
              </button>
              <button type="button" onClick={() => setPreview(null)}>
                {t('cancel')}
              </button>
            </div>
          </div>
        ) : null}
      </Dialog>
    </>
  );
}

function clean(filter: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
