import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { AGENCY_KINDS, ApiFailure, CATEGORIES, type Category, type Status } from '../api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';

/** Symbols that carry each category's meaning besides its colour. */
export const CATEGORY_SYMBOL: Record<Category, string> = {
  'open-on-time': '○',
  'open-overdue': '!',
  'done-on-time': '✓',
  'done-late': '✓!',
};

export function CategoryBadge({ category }: { category: Category }) {
  const { t } = useI18n();
  return (
    <span className={`badge cat-${category}`}>
      <span aria-hidden="true" className="sym">
        {CATEGORY_SYMBOL[category]}
      </span>{' '}
      {t(`category.${category}` as MessageKey)}
    </span>
  );
}

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useI18n();
  return <span className={`status status-${status}`}>{t(`status.${status}` as MessageKey)}</span>;
}

export function CategoryLegend() {
  const { t } = useI18n();
  return (
    <ul className="legend" aria-label={t('legend')}>
      {CATEGORIES.map((c) => (
        <li key={c}>
          <CategoryBadge category={c} />
        </li>
      ))}
    </ul>
  );
}

/** Loading state, error and data of one async read; `reload` fetches again. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: ApiFailure; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) =>
        live &&
        setState({
          loading: false,
          error:
            error instanceof ApiFailure
              ? error
              : new ApiFailure(0, 'CLIENT', { vi: 'Đã có lỗi xảy ra', en: 'Something went wrong' }, null),
        }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('loading')}
    </p>
  );
}

export function ErrorBox({ error }: { error: ApiFailure | null | undefined }) {
  const { pick } = useI18n();
  if (!error) {
    return null;
  }
  return (
    <div className="error" role="alert">
      {pick(error.text)}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}

/** A modal dialog on the native <dialog> element (focus trap and Escape come with it). */
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) {
      return;
    }
    if (open && !d.open) {
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="dialog-title">
      <h2 id="dialog-title">{title}</h2>
      {open ? children : null}
    </dialog>
  );
}

export interface BarGroup {
  key: string;
  label: string;
  counts: Record<Category, number>;
  total: number;
}

/**
 * Horizontal stacked bars, one per group, each segment a category. The numbers
 * are printed beside every bar and the figure has a table twin for screen readers.
 */
export function StackedBars({ groups, caption }: { groups: BarGroup[]; caption: string }) {
  const { t } = useI18n();
  const max = Math.max(1, ...groups.map((g) => g.total));
  return (
    <figure className="chart">
      <figcaption>{caption}</figcaption>
      <div aria-hidden="true">
        {groups.map((g) => (
          <div className="bar-row" key={g.key}>
            <span className="bar-label" title={g.label}>
              {g.label}
            </span>
            <span className="bar-track">
              {CATEGORIES.map((c) =>
                g.counts[c] > 0 ? (
                  <span
                    key={c}
                    className={`seg cat-${c}`}
                    style={{ width: `${(g.counts[c] / max) * 100}%` }}
                    title={`${t(`category.${c}` as MessageKey)}: ${g.counts[c]}`}
                  />
                ) : null,
              )}
            </span>
            <span className="bar-value">
              {g.counts['done-on-time'] + g.counts['done-late']}/{g.total}
            </span>
          </div>
        ))}
      </div>
      <ChartTable caption={caption} groups={groups} firstColumn={t('group')} withTotal />
    </figure>
  );
}

/** The numbers behind a chart, as a table only screen readers see. */
function ChartTable({
  caption,
  groups,
  firstColumn,
  withTotal = false,
}: {
  caption: string;
  groups: BarGroup[];
  firstColumn: string;
  withTotal?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
            {CATEGORIES.map((c) => (
              <th scope="col" key={c}>
                {t(`category.${c}` as MessageKey)}
              </th>
            ))}
            {withTotal ? <th scope="col">{t('total')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{g.label}</th>
              {CATEGORIES.map((c) => (
                <td key={c}>{g.counts[c]}</td>
              ))}
              {withTotal ? <td>{g.total}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Vertical stacked columns across periods (the trend), with a table twin. */
export function TrendColumns({ groups, caption }: { groups: BarGroup[]; caption: string }) {
  const { t } = useI18n();
  const max = Math.max(1, ...groups.map((g) => g.total));
  const width = 48;
  const height = 160;
  return (
    <figure className="chart">
      <figcaption>{caption}</figcaption>
      <div className="trend-scroll">
        <svg
          width={Math.max(groups.length * width, 200)}
          height={height + 36}
          role="img"
          aria-label={caption}
          className="trend"
        >
          {groups.map((g, i) => {
            let y = height;
            return (
              <g key={g.key} transform={`translate(${i * width + 8},0)`}>
                {CATEGORIES.map((c) => {
                  const h = (g.counts[c] / max) * height;
                  y -= h;
                  return h > 0 ? (
                    <rect key={c} className={`cat-${c}`} x={0} y={y} width={width - 16} height={h}>
                      <title>{`${g.label} — ${t(`category.${c}` as MessageKey)}: ${g.counts[c]}`}</title>
                    </rect>
                  ) : null;
                })}
                <text x={(width - 16) / 2} y={height + 14} textAnchor="middle" className="axis">
                  {g.label}
                </text>
                <text x={(width - 16) / 2} y={height + 30} textAnchor="middle" className="axis">
                  {g.total}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <ChartTable caption={caption} groups={groups} firstColumn={t('period')} />
    </figure>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={t('pager')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ {t('pager.prev')}
      </button>
      <span>{t('pager.of', { page, pages, total })}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('pager.next')} ›
      </button>
    </nav>
  );
}

/** The filter fields most lists share: agency kind and a search over agency names and codes. */
export function AgencyFilterFields({
  kind,
  search,
  onKind,
  onSearch,
}: {
  kind: string;
  search: string;
  onKind: (kind: string) => void;
  onSearch: (search: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('agencyKind')}
        <select value={kind} onChange={(e) => onKind(e.target.value)}>
          <option value="">{t('all')}</option>
          {AGENCY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <AgencySearchField search={search} onSearch={onSearch} />
    </>
  );
}

/** The search field over agency names and codes ("Tìm kiếm", hint "Tên hoặc mã cơ quan"). */
export function AgencySearchField({ search, onSearch }: { search: string; onSearch: (search: string) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t('search')}
      <input type="search" value={search} placeholder={t('search.agency')} onChange={(e) => onSearch(e.target.value)} />
    </label>
  );
}
