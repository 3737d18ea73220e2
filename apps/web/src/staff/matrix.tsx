import { useState } from 'react';
import { CATEGORIES, query, type Api, type AssignmentRow, type AssignmentPage, type Statistics } from '../api';
import { compareVietnamese } from '../../../../libs/domain/src/text';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { AgencyFilterFields, CATEGORY_SYMBOL, CategoryLegend, ErrorBox, Loading, useAsync } from '../components/ui';

const MAX_ROWS = 2000;

/** All of a period's assignments, page by page (the API serves at most 200 per page). */
async function allAssignments(api: Api, filter: Record<string, string>): Promise<AssignmentRow[]> {
  const rows: AssignmentRow[] = [];
  for (let page = 1; rows.length < MAX_ROWS; page++) {
    const res = await api.get<AssignmentPage>(
      `/api/v1/assignments${query({ ...filter, page, pageSize: 200, sort: 'agency' })}`,
    );
    rows.push(...res.items);
    if (res.items.length < 200) {
      break;
    }
  }
  return rows;
}

/** Agencies × duties of one period, each cell coloured and marked by its category. */
export function Matrix({ api, initialPeriod }: { api: Api; initialPeriod: string }) {
  const { t, date, lang, period: periodLabel } = useI18n();
  const periods = useAsync(() => api.get<Statistics>('/api/v1/statistics?groupBy=period'), [api]);
  const [period, setPeriod] = useState(initialPeriod);
  const [kind, setKind] = useState('');
  const [category, setCategory] = useState('');
  const [search, setSearch] = useState('');
  const keys = (periods.data?.groups ?? []).map((g) => g.key).sort();
  const chosen = period || keys.filter((k) => /^\d{4}-\d{2}$/.test(k)).at(-1) || keys.at(-1) || '';
  const rows = useAsync(
    () =>
      chosen
        ? allAssignments(api, { period: chosen, agencyKind: kind, category, q: search.trim() })
        : Promise.resolve([]),
    [api, chosen, kind, category, search],
  );

  const duties = new Map<string, AssignmentRow['duty']>();
  const agencies = new Map<string, { name: string; cells: Map<string, AssignmentRow> }>();
  for (const r of rows.data ?? []) {
    duties.set(r.duty.code, r.duty);
    const a = agencies.get(r.agency.code) ?? { name: r.agency.name, cells: new Map() };
    a.cells.set(r.duty.code, r);
    agencies.set(r.agency.code, a);
  }
  const columns = [...duties.values()].sort((a, b) => a.clause.localeCompare(b.clause) || a.code.localeCompare(b.code));
  const title = (d: AssignmentRow['duty']) => (lang === 'en' ? d.titleEn : d.titleVi);

  return (
    <>
      <h1>{t('matrix.title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} role="search">
        <label>
          {t('period')}
          <select value={chosen} onChange={(e) => setPeriod(e.target.value)}>
            {keys.map((k) => (
              <option key={k} value={k}>
                {periodLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('category')}
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('all')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <AgencyFilterFields kind={kind} search={search} onKind={setKind} onSearch={setSearch} />
      </form>
      <CategoryLegend />
      <ErrorBox error={rows.error ?? periods.error} />
      {rows.loading ? <Loading /> : null}
      {!rows.loading && agencies.size === 0 ? <p>{t('empty')}</p> : null}
      {agencies.size > 0 ? (
        <div className="matrix-scroll" tabIndex={0} role="region" aria-label={t('matrix.title')}>
          <table className="matrix" data-testid="matrix">
            <caption>
              {t('matrix.caption', { period: periodLabel(chosen), agencies: agencies.size, duties: columns.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('agency')}</th>
                {columns.map((d) => (
                  <th scope="col" key={d.code} title={title(d)}>
                    {d.clause}
                    <span className="sr-only"> {title(d)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...agencies.entries()]
                .sort(([ca, a], [cb, b]) => compareVietnamese(a.name, b.name) || ca.localeCompare(cb))
                .map(([code, a]) => (
                  <tr key={code}>
                    <th scope="row">{a.name}</th>
                    {columns.map((d) => {
                      const cell = a.cells.get(d.code);
                      if (!cell) {
                        return (
                          <td key={d.code} className="none">
                            <span className="sr-only">{t('matrix.notAssigned')}</span>
                          </td>
                        );
                      }
                      const label = `${a.name} — ${title(d)}: ${t(`category.${cell.category}` as MessageKey)}, ${t('due')} ${date(cell.dueDate)}`;
                      return (
                        <td key={d.code} className={`cat-${cell.category}`}>
                          <a href={`#/assignments/${cell.id}`} aria-label={label} title={label}>
                            {CATEGORY_SYMBOL[cell.category]}
                          </a>
                        </td>
                      );
                    })}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
