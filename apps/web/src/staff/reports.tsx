import { useState } from 'react';
import {
  ApiFailure,
  query,
  type Api,
  type Operation,
  type PeriodCloseStarted,
  type PeriodReportPage,
  type PlanPage,
} from '../api';
import { useI18n } from '../i18n';
import { vietnamToday } from '../format';
import type { PeriodKind } from '../../../../libs/domain/src/period';
import { consolidationPeriod } from '../../../../libs/domain/src/periods/duty-periods';
import { periodName, reportingMonthWindow } from '../../../../libs/domain/src/periods/period-name';
import { Dialog, ErrorBox, Loading, Notice, Pager, useAsync } from '../components/ui';

const KINDS: PeriodKind[] = ['month', 'quarter', 'half', 'year'];

interface Closed {
  reportId: string;
  version: number;
  /** Binding assignments in the report. */
  total: number;
  /** Requested assignments, apart. */
  requested: number;
  periodKey: string;
  name: string;
}

/**
 * Closing the current period of a plan now (or again): a confirmation, progress
 * while the close workflow consolidates and emails, then the new report's files.
 */
function ClosePeriod({ api, onClosed }: { api: Api; onClosed: () => void }) {
  const { t, pick, lang } = useI18n();
  const plans = useAsync(() => api.get<PlanPage>('/api/v1/plans'), [api]);
  const [planCode, setPlanCode] = useState('');
  const [kind, setKind] = useState<PeriodKind>('month');
  const [asking, setAsking] = useState(false);
  const [running, setRunning] = useState(false);
  const [closed, setClosed] = useState<Closed | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const plan = planCode || plans.data?.items[0]?.code || '';
  // The period this close consolidates, in words with its window (one definition: libs/domain periods).
  const period = consolidationPeriod(kind, vietnamToday());
  const name = periodName(period.key, lang, { inSentence: true });
  // A monthly close also counts its Decree 09 reporting month: stated beside the month (libs/domain).
  const reporting = reportingMonthWindow(period.key, lang);

  async function close() {
    setAsking(false);
    setRunning(true);
    setError(null);
    setClosed(null);
    try {
      // The close runs as a workflow (202): follow its progress link until it names the version.
      const accepted = await api.post<PeriodCloseStarted>('/api/v1/periods/close', {
        planCode: plan,
        kind,
      });
      let op: Operation;
      for (;;) {
        op = await api.get<Operation>(accepted.progress);
        if (op.status !== 'running') {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      // The period close workflow's result (PeriodCloseResult) names the report and its version.
      const result = op.type === 'periodCloseWorkflow' ? op.result : null;
      if (op.status !== 'completed' || !result) {
        const why = op.error ?? op.status;
        throw new ApiFailure(
          502,
          'OPERATION_FAILED',
          { vi: `Chốt kỳ không thành công: ${why}`, en: `Closing failed: ${why}` },
          null,
        );
      }
      setClosed({ ...result, requested: result.requested?.total ?? 0, periodKey: period.key, name });
      onClosed();
    } catch (err) {
      setError(err as ApiFailure);
    } finally {
      setRunning(false);
    }
  }

  async function download(format: 'xlsx' | 'docx') {
    if (!closed) {
      return;
    }
    setError(null);
    try {
      await api.download(
        `/api/v1/period-reports/${closed.reportId}/${format}`,
        `bao-cao-${closed.periodKey}-v${closed.version}.${format}`,
      );
    } catch (err) {
      setError(err as ApiFailure);
    }
  }

  return (
    <section aria-labelledby="close-h">
      <h2 id="close-h">{t('close.title')}</h2>
      <p>{t('close.intro')}</p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAsking(true);
        }}
      >
        <label>
          {t('close.plan')}
          <select value={plan} onChange={(e) => setPlanCode(e.target.value)} disabled={running}>
            {(plans.data?.items ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {pick(p.title)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('close.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as PeriodKind)} disabled={running}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`close.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={running || !plan}>
          {t('close.button', { period: name })}
        </button>
      </form>
      {running ? (
        <p className="loading" role="status">
          {t('close.running', { period: name })}
        </p>
      ) : null}
      <ErrorBox error={error ?? plans.error} />
      {closed ? (
        <Notice>
          {t('close.done', {
            period: closed.name,
            version: closed.version,
            total: closed.total,
            requested: closed.requested,
          })}{' '}
          <span className="buttons">
            <button type="button" onClick={() => void download('xlsx')}>
              {t('reports.xlsx')}
            </button>
            <button type="button" onClick={() => void download('docx')}>
              {t('reports.docx')}
            </button>
          </span>
        </Notice>
      ) : null}
      <Dialog open={asking} title={t('close.confirmTitle')} onClose={() => setAsking(false)}>
        <div className="stack">
          <p>{t('close.confirm', { period: name })}</p>
          {reporting ? (
            <p data-testid="close-reporting-month">
              {reporting.label}: {reporting.window}.
            </p>
          ) : null}
          <div className="buttons">
            <button type="button" className="primary" onClick={() => void close()}>
              {t('close.confirmButton', { period: name })}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}

/** The consolidated period reports the close workflows produced, for download. */
export function Reports({ api }: { api: Api }) {
  const { t, dateTime, period } = useI18n();
  const [page, setPage] = useState(1);
  const [error, setError] = useState<ApiFailure | null>(null);
  const list = useAsync(
    () => api.get<PeriodReportPage>(`/api/v1/period-reports${query({ page, pageSize: 20 })}`),
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
      <ClosePeriod api={api} onClosed={list.reload} />
      <h2>{t('reports.list')}</h2>
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
                      {period(r.periodKey)} <small className="code">{r.planCode}</small>
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
