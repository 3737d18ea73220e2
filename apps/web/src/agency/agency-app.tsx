import { useEffect, useMemo, useState } from 'react';
import { isAgencyTurn } from '../../../../libs/domain/src/status';
import { Api, ApiFailure, query, type Agency, type AssignmentDetail, type AssignmentPage } from '../api';
import { LanguageSwitch, useI18n } from '../i18n';
import { CategoryBadge, ErrorBox, Loading, Notice, StatusBadge, useAsync } from '../components/ui';
import { AssignmentFacts, eventNote, SubmissionView, Timeline } from '../components/assignment-parts';
import { SubmissionForm } from './submission-form';
import { ExtensionForm } from './extension-form';

/** The claims part of a link token, read only to preselect the assignment; the server verifies the token. */
function linkClaims(token: string): { agency?: string; workflowId?: string } {
  try {
    const payload = token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
    return JSON.parse(json) as { agency?: string; workflowId?: string };
  } catch {
    return {};
  }
}

/** What an agency sees from the link in its email: its duties, a report form, its past reports. */
export function AgencyApp({ token }: { token: string }) {
  const { t, date, lang, period } = useI18n();
  const api = useMemo(() => new Api({ kind: 'agency', link: token }), [token]);
  const claims = useMemo(() => linkClaims(token), [token]);
  const [selected, setSelected] = useState<string | null>(null);
  const list = useAsync(
    () => api.get<AssignmentPage>(`/api/v1/assignments${query({ pageSize: 100, sort: 'dueDate' })}`),
    [api],
  );
  const agency = useAsync(
    () => (claims.agency ? api.get<Agency>(`/api/v1/agencies/${claims.agency}`) : Promise.resolve(null)),
    [api, claims.agency],
  );
  const rows = list.data?.items ?? [];
  useEffect(() => {
    if (selected === null && rows.length > 0) {
      const fromLink = rows.find((r) => r.workflowId === claims.workflowId);
      setSelected((fromLink ?? rows.find((r) => isAgencyTurn(r.status)) ?? rows[0]).id);
    }
  }, [rows, selected, claims.workflowId]);
  useEffect(() => {
    document.title = `${agency.data?.name ?? 'dondoc'} — ${t('agency.title')}`;
  }, [agency.data, t]);

  const failure = list.error;
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="top agency-top">
        <span className="brand">dondoc</span>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1} className="agency">
        <h1>{agency.data?.name ?? t('agency.title')}</h1>
        <p className="lead">{t('agency.intro')}</p>
        {failure ? (
          <div className="error" role="alert">
            {failure.status === 401 || failure.status === 403 || failure.status === 410
              ? t('agency.linkInvalid')
              : lang === 'vi'
                ? failure.text.vi
                : failure.text.en}
          </div>
        ) : null}
        {list.loading && !list.data ? <Loading /> : null}
        {rows.length > 0 ? (
          <section aria-labelledby="duties-h">
            <h2 id="duties-h">{t('agency.duties')}</h2>
            <ul className="duty-list">
              {rows.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    className={`duty-card${selected === r.id ? ' selected' : ''}`}
                    aria-pressed={selected === r.id}
                    onClick={() => setSelected(r.id)}
                  >
                    <span className="duty-title">
                      {r.duty.clause} · {lang === 'en' ? r.duty.titleEn : r.duty.titleVi}
                    </span>
                    <span>
                      {t('period')} {period(r.periodKey)} · {t('due')} {date(r.dueDate)}
                    </span>
                    <span>
                      <CategoryBadge category={r.category} /> <StatusBadge status={r.status} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {!list.loading && list.data && rows.length === 0 ? <p>{t('agency.noDuties')}</p> : null}
        {selected ? <AgencyAssignment api={api} id={selected} onChanged={list.reload} /> : null}
      </main>
    </>
  );
}

function AgencyAssignment({ api, id, onChanged }: { api: Api; id: string; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const detail = useAsync(() => api.get<AssignmentDetail>(`/api/v1/assignments/${id}`), [api, id]);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  useEffect(() => {
    setNotice('');
    setError(null);
  }, [id]);

  const refresh = (message: string) => {
    setNotice(message);
    setError(null);
    // The read model follows the workflow within a moment: look again shortly, and once more.
    for (const ms of [300, 1500]) {
      setTimeout(() => {
        detail.reload();
        onChanged();
      }, ms);
    }
  };

  if (detail.loading && !detail.data) {
    return <Loading />;
  }
  if (!detail.data) {
    return <ErrorBox error={detail.error} />;
  }
  const a = detail.data;
  const open = isAgencyTurn(a.status);
  const lastReturn = [...a.timeline].reverse().find((e) => e.type === 'returned');
  const submissions = a.submissions ?? [];
  return (
    <section aria-labelledby="assignment-h" className="assignment">
      <h2 id="assignment-h">{lang === 'en' ? a.duty.titleEn : a.duty.titleVi}</h2>
      <AssignmentFacts a={a} testId="agency" />
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorBox error={error} />
      {a.status === 'returned' && lastReturn ? (
        <div className="returned" role="note">
          <strong>{t('agency.returnedBecause')}</strong> {eventNote(lastReturn) ?? '—'}
        </div>
      ) : null}
      {a.status === 'assigned' ? (
        <button
          type="button"
          onClick={() => {
            api.post(`/api/v1/assignments/${a.id}/acknowledge`, {}).then(
              () => refresh(t('agency.acknowledged')),
              (err: ApiFailure) => setError(err),
            );
          }}
        >
          {t('agency.acknowledge')}
        </button>
      ) : null}
      {a.status === 'submitted' ? <p>{t('agency.waiting')}</p> : null}
      {open ? (
        <SubmissionForm
          api={api}
          assignment={a}
          onSubmitted={(shortfalls) =>
            refresh(shortfalls > 0 ? t('form.sentWithShortfall', { n: shortfalls }) : t('form.sent'))
          }
        />
      ) : null}
      {open ? <ExtensionForm api={api} assignment={a} onRequested={() => refresh(t('ext.sent'))} /> : null}
      {submissions.length > 0 ? (
        <section aria-labelledby="past-h">
          <h3 id="past-h">{t('agency.past')}</h3>
          {[...submissions].reverse().map((s, i) => (
            <SubmissionView
              key={s.submissionId}
              submission={s}
              evidence={a.evidence}
              api={api}
              index={submissions.length - 1 - i}
            />
          ))}
        </section>
      ) : null}
      <details>
        <summary>{t('detail.timeline')}</summary>
        <Timeline events={a.timeline} agency={a.agency} />
      </details>
    </section>
  );
}
