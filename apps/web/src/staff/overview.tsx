import { CATEGORIES, query, type Api, type Statistics } from '../api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { formatPercent } from '../format';
import { CATEGORY_SYMBOL, ErrorBox, Loading, StackedBars, TrendColumns, useAsync } from '../components/ui';

type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

/** The kind of a Decree 09 period key (2026-11, 2026-Q4, 2026-H2, 2026); null for ad-hoc keys. */
function periodKind(key: string): PeriodKind | null {
  if (/^\d{4}-\d{2}$/.test(key)) {
    return 'month';
  }
  if (/^\d{4}-Q[1-4]$/.test(key)) {
    return 'quarter';
  }
  if (/^\d{4}-H[12]$/.test(key)) {
    return 'half';
  }
  return /^\d{4}$/.test(key) ? 'year' : null;
}

/** Counts per category for a period, compliance by agency kind and by duty, and the trend across periods. */
export function Overview({ api, period }: { api: Api; period: string }) {
  const { t, lang, period: periodLabel } = useI18n();
  const periods = useAsync(() => api.get<Statistics>('/api/v1/statistics?groupBy=period'), [api]);
  const byKind = useAsync(
    () => api.get<Statistics>(`/api/v1/statistics${query({ groupBy: 'agencyKind', period })}`),
    [api, period],
  );
  const byDuty = useAsync(
    () => api.get<Statistics>(`/api/v1/statistics${query({ groupBy: 'duty', period })}`),
    [api, period],
  );
  const periodKeys = (periods.data?.groups ?? []).map((g) => g.key).sort();
  // The trend compares periods of one kind: the kind of the chosen period, else months.
  const trendKind = periodKind(period) ?? 'month';
  const trend = (periods.data?.groups ?? [])
    .filter((g) => periodKind(g.key) === trendKind)
    .sort((a, b) => a.key.localeCompare(b.key))
    .slice(-12)
    .map((g) => ({ ...g, label: periodLabel(g.key) }));
  const totals = byKind.data?.totals;
  const total = totals ? CATEGORIES.reduce((n, c) => n + totals[c], 0) : 0;
  const awaitingReview = byKind.data?.awaitingReview ?? 0;
  const lifted = byKind.data ? byKind.data.lifted.waived + byKind.data.lifted.cancelled : 0;
  const done = totals ? totals['done-on-time'] + totals['done-late'] : 0;
  const requested = byKind.data?.requested;

  return (
    <>
      <h1>{t('overview.title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('period')}
          <select
            value={period}
            onChange={(e) => {
              window.location.hash = `#/${e.target.value ? `?period=${encodeURIComponent(e.target.value)}` : ''}`;
            }}
          >
            <option value="">{t('period.all')}</option>
            {periodKeys.map((k) => (
              <option key={k} value={k}>
                {periodLabel(k)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorBox error={byKind.error ?? byDuty.error ?? periods.error} />
      {byKind.loading && !byKind.data ? <Loading /> : null}
      {totals ? (
        <section aria-labelledby="counts-h">
          <h2 id="counts-h">{t('overview.counts')}</h2>
          <ul className="cards" data-testid="category-counts">
            <li className="card">
              <span className="card-label">{t('total')}</span>
              <span className="card-value" data-testid="count-total">
                {total}
              </span>
              <span className="card-note">
                {t('overview.compliance')}: {formatPercent(done, total, lang)}
              </span>
              {awaitingReview > 0 ? (
                <span className="card-note" data-testid="count-awaiting-review">
                  {t('overview.awaitingReview', { n: awaitingReview })}
                </span>
              ) : null}
            </li>
            {CATEGORIES.map((c) => (
              <li key={c} className={`card card-${c}`}>
                <span className="card-label">
                  <span aria-hidden="true">{CATEGORY_SYMBOL[c]} </span>
                  {t(`category.${c}` as MessageKey)}
                </span>
                <span className="card-value" data-testid={`count-${c}`}>
                  {totals[c]}
                </span>
                {c === 'open-overdue' && totals[c] > 0 ? (
                  <a href="#/overdue" className="card-note">
                    {t('overview.seeOverdue')}
                  </a>
                ) : null}
              </li>
            ))}
            {requested && requested.total > 0 ? (
              <li className="card card-requested">
                <span className="card-label">{t('overview.requested')}</span>
                <span className="card-value" data-testid="count-requested">
                  {requested.total}
                </span>
                <span className="card-note">
                  {t('overview.compliance')}: {formatPercent(requested.done, requested.total, lang)}
                </span>
              </li>
            ) : null}
            <li className="card card-lifted">
              <span className="card-label">{t('overview.lifted')}</span>
              <span className="card-value" data-testid="count-lifted">
                {lifted}
              </span>
            </li>
          </ul>
        </section>
      ) : null}
      <div className="charts">
        {byKind.data ? (
          <StackedBars
            caption={t('overview.byKind')}
            // Binding duties only (the signed figures); a kind with requested duties only has no bar.
            groups={byKind.data.groups
              .filter((g) => g.total > 0)
              .map((g) => ({ ...g, label: t(`kind.${g.key}` as MessageKey) }))}
          />
        ) : null}
        {byDuty.data ? (
          <StackedBars
            caption={t('overview.byDuty')}
            // A requested ("đề nghị") duty shows its own tally, marked as requested.
            groups={byDuty.data.groups
              .map((g) => {
                const name = (lang === 'en' ? g.labelEn : g.label) || g.key;
                return g.total === 0 && g.requested.total > 0
                  ? { ...g.requested, key: g.key, label: `${name} (${t('overview.requestedMark')})` }
                  : { ...g, label: name };
              })
              .sort((a, b) => b.counts['open-overdue'] - a.counts['open-overdue'] || b.total - a.total)
              .slice(0, 12)}
          />
        ) : null}
        {trend.length > 0 ? (
          <TrendColumns caption={t(`overview.trend.${trendKind}` as MessageKey)} groups={trend} />
        ) : null}
      </div>
    </>
  );
}
