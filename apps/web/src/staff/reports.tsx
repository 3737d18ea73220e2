import { useState } from 'react';
import { ApiFailure, query, type Api, type Page, type PeriodReport } from '../api';
import { useI18n } from '../i18n';
import { ErrorBox, Loading, Pager, useAsync } from '../components/ui';

/** The consolidated period reports the close workflows produced, for download. */
export function Reports({ api }: { api: Api }) {
  const { t, dateTime } = useI18n();
  const [page, setPage] = useState(1);
  const [error, setError] = useState<ApiFailure | null>(null);
  const list = useAsync(
    () => api.get<Page<PeriodReport>>(`/api/v1/period-reports${query({ page, pageSize: 20 })}`),
    [api, page],
  );

  async function download(path: string, name: string) {
    setError(null);
    try {
      await api.download(path, name);
    } catch (err) {
      setError(err as ApiFailure);
    }
  }

  return (
    <>
      <h1>{t('reports.title')}</h1>
      <p>{t('reports.intro')}</p>
      <ErrorBox error={error ?? list.error} />
      {list.loading ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p>{t('reports.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-scroll">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t('period')}</th>
                <th scope="col">{t('reports.version')}</th>
                <th scope="col">{t('reports.created')}</th>
                <th scope="col">{t('total')}</th>
                <th scope="col">{t('reports.files')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => {
                const base = `bao-cao-${r.periodKey}-v${r.version}`;
                return (
                  <tr key={r.id}>
                    <th scope="row">
                      {r.periodKey} <small className="code">{r.planCode}</small>
                    </th>
                    <td>{r.version}</td>
                    <td>{dateTime(r.createdAt)}</td>
                    <td>{r.summary.totals?.total ?? '—'}</td>
                    <td className="buttons">
                      <button type="button" onClick={() => void download(r.downloads.xlsx, `${base}.xlsx`)}>
                        {t('reports.xlsx')}
                      </button>
                      <button type="button" onClick={() => void download(r.downloads.docx, `${base}.docx`)}>
                        {t('reports.docx')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.data && list.data.total > list.data.pageSize ? (
        <Pager page={page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
      ) : null}
    </>
  );
}
