import { useState } from 'react';
import { query, type Api, type PlanDetail, type PlanPage, type ReviewQueue } from '../api';
import { useI18n } from '../i18n';
import { vietnamToday } from '../format';
import { AgencySearchField, ErrorBox, Loading, Pager, useAsync } from '../components/ui';
import { PhoneCardTable } from '../components/list-table';

/** A duty of a plan as the plan page lists it (GET /api/v1/plans/{code}), for the duty filter. */
type PlanDuty = PlanDetail['duties'][number];

/** Every duty of every plan, in clause order. */
async function allDuties(api: Api): Promise<PlanDuty[]> {
  const plans = await api.get<PlanPage>(`/api/v1/plans${query({ pageSize: 100 })}`);
  const details = await Promise.all(
    plans.items.map((p) => api.get<PlanDetail>(`/api/v1/plans/${encodeURIComponent(p.code)}`)),
  );
  return details
    .flatMap((d) => d.duties)
    .sort((a, b) => a.clause.localeCompare(b.clause, 'vi', { numeric: true }) || a.code.localeCompare(b.code));
}

/** The review queue's filter on waiting time: the API's tri-state `flagged` ('' = absent, every report). */
type WaitFilter = '' | 'true' | 'false';

/**
 * The review queue ("Chờ duyệt"): reports awaiting the ICT department's review, oldest first,
 * filtered by duty, by a search in agency names and codes and duty titles (case, diacritics and
 * tone placement folded) and by waiting time (all, flagged only, not flagged only). On a phone
 * each report is a card (`stack-on-phone`), so nothing needs sideways scrolling.
 */
export function Reviews({ api }: { api: Api }) {
  const { t, date, lang, period } = useI18n();
  const [page, setPage] = useState(1);
  const [duty, setDuty] = useState('');
  const [search, setSearch] = useState('');
  const [wait, setWait] = useState<WaitFilter>('');
  const duties = useAsync(() => allDuties(api), [api]);
  const list = useAsync(
    () =>
      api.get<ReviewQueue>(
        `/api/v1/reviews${query({
          page,
          pageSize: 50,
          duty: duty || undefined,
          q: search.trim() || undefined,
          flagged: wait || undefined,
        })}`,
      ),
    [api, page, duty, search, wait],
  );
  const rows = list.data?.items ?? [];
  return (
    <>
      <h1>{t('reviews.title')}</h1>
      <p>{t('reviews.intro', { days: list.data?.flagAfterWorkingDays ?? '…' })}</p>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('duty')}
          <select
            value={duty}
            onChange={(e) => {
              setDuty(e.target.value);
              setPage(1);
            }}
          >
            <option value="">{t('all')}</option>
            {(duties.data ?? []).map((d) => (
              <option key={d.code} value={d.code}>
                {d.clause} {lang === 'en' ? d.spec.title.en : d.spec.title.vi}
              </option>
            ))}
          </select>
        </label>
        <AgencySearchField
          search={search}
          onSearch={(q) => {
            setSearch(q);
            setPage(1);
          }}
        />
        <label>
          {t('reviews.wait')}
          <select
            value={wait}
            onChange={(e) => {
              setWait(e.target.value as WaitFilter);
              setPage(1);
            }}
          >
            <option value="">{t('reviews.waitAll')}</option>
            <option value="true">{t('reviews.waitFlagged', { days: list.data?.flagAfterWorkingDays ?? '…' })}</option>
            <option value="false">{t('reviews.waitNotFlagged')}</option>
          </select>
        </label>
      </form>
      <ErrorBox error={list.error ?? duties.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && rows.length === 0 ? (
        <p>{duty || search.trim() || wait ? t('reviews.noneMatching') : t('reviews.none')}</p>
      ) : null}
      {rows.length > 0 ? (
        <PhoneCardTable
          testId="review-list"
          caption={t('reviews.title')}
          columns={[t('agency'), t('duty'), t('period'), t('reviews.sent'), t('reviews.waiting'), t('due')]}
        >
          {rows.map((r) => (
            <tr key={r.id} className={r.flagged ? 'flagged' : undefined}>
              <th scope="row">
                <a href={`#/assignments/${r.id}`}>{r.agency.name}</a>
              </th>
              <td data-label={t('duty')}>
                {r.duty.clause} {lang === 'en' ? r.duty.titleEn : r.duty.titleVi}
                {r.hasShortfall ? <span className="silent"> · {t('reviews.shortfall')}</span> : null}
              </td>
              <td data-label={t('period')}>{period(r.periodKey)}</td>
              <td data-label={t('reviews.sent')}>
                {r.submittedAt ? date(vietnamToday(new Date(r.submittedAt))) : '—'}
              </td>
              <td data-label={t('reviews.waiting')}>
                {t('reviews.days', { days: r.workingDaysWaiting })}
                {r.flagged ? <strong className="flag"> · {t('reviews.flagged')}</strong> : null}
              </td>
              <td data-label={t('due')}>{date(r.dueDate)}</td>
            </tr>
          ))}
        </PhoneCardTable>
      ) : null}
      {list.data && list.data.total > list.data.pageSize ? (
        <Pager page={page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
      ) : null}
    </>
  );
}
