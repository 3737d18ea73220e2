import { useState } from 'react';
import { query, type Api, type ReviewQueue } from '../api';
import { useI18n } from '../i18n';
import { vietnamToday } from '../format';
import { ErrorBox, Loading, Pager, useAsync } from '../components/ui';

/** The review queue ("Chờ duyệt"): reports awaiting the ICT department's review, oldest first. */
export function Reviews({ api }: { api: Api }) {
  const { t, date, lang, period } = useI18n();
  const [page, setPage] = useState(1);
  const list = useAsync(() => api.get<ReviewQueue>(`/api/v1/reviews${query({ page, pageSize: 50 })}`), [api, page]);
  const rows = list.data?.items ?? [];
  return (
    <>
      <h1>{t('reviews.title')}</h1>
      <p>{t('reviews.intro', { days: list.data?.flagAfterWorkingDays ?? '…' })}</p>
      <ErrorBox error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && rows.length === 0 ? <p>{t('reviews.none')}</p> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="list" data-testid="review-list">
            <caption className="sr-only">{t('reviews.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('agency')}</th>
                <th scope="col">{t('duty')}</th>
                <th scope="col">{t('period')}</th>
                <th scope="col">{t('reviews.sent')}</th>
                <th scope="col">{t('reviews.waiting')}</th>
                <th scope="col">{t('due')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={r.flagged ? 'flagged' : undefined}>
                  <th scope="row">
                    <a href={`#/assignments/${r.id}`}>{r.agency.name}</a>
                  </th>
                  <td>
                    {r.duty.clause} {lang === 'en' ? r.duty.titleEn : r.duty.titleVi}
                    {r.hasShortfall ? <span className="silent"> · {t('reviews.shortfall')}</span> : null}
                  </td>
                  <td>{period(r.periodKey)}</td>
                  <td>{r.submittedAt ? date(vietnamToday(new Date(r.submittedAt))) : '—'}</td>
                  <td>
                    {t('reviews.days', { days: r.workingDaysWaiting })}
                    {r.flagged ? <strong className="flag"> · {t('reviews.flagged')}</strong> : null}
                  </td>
                  <td>{date(r.dueDate)}</td>
                </tr>
              ))}
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
