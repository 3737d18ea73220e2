import { useState, type FormEvent } from 'react';
import { AGENCY_KINDS, ApiFailure, query, type AgencyPage, type Api } from '../api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { ErrorBox, Loading, Notice, Pager, useAsync, AgencyFilterFields } from '../components/ui';
import { LineageQuestions } from './lineage-questions';
import { AgencyImport } from './agency-import';
import { refusalText } from '../components/assignment-parts';
import { PhoneCardTable } from '../components/list-table';

/** The agency registry: search, add an agency, revoke its emailed links, deactivate it. */
export function Agencies({ api, canEdit, canSettle }: { api: Api; canEdit: boolean; canSettle: boolean }) {
  const { t } = useI18n();
  const [kind, setKind] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [notice, setNotice] = useState('');
  const list = useAsync(
    () =>
      api.get<AgencyPage>(
        `/api/v1/agencies${query({ kind, q: search.trim(), active: 'true', page, pageSize: 50, sort: 'name' })}`,
      ),
    [api, kind, search, page],
  );
  const [draft, setDraft] = useState({ code: '', name: '', kind: 'commune', focalEmail: '', headEmail: '' });

  async function run(action: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await action();
      setNotice(done);
      list.reload();
    } catch (err) {
      setError(err as ApiFailure);
    }
  }

  function create(e: FormEvent) {
    e.preventDefault();
    void run(
      () =>
        api.post('/api/v1/agencies', {
          code: draft.code.trim(),
          name: draft.name.trim(),
          kind: draft.kind,
          ...(draft.focalEmail.trim() ? { focalEmail: draft.focalEmail.trim() } : {}),
          ...(draft.headEmail.trim() ? { headEmail: draft.headEmail.trim() } : {}),
        }),
      t('agencies.created', { name: draft.name.trim() }),
    );
  }

  return (
    <>
      <h1>{t('agencies.title')}</h1>
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
      </form>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorBox error={error ?? list.error} />
      {list.loading ? <Loading /> : null}
      {list.data ? (
        <PhoneCardTable
          testId="agency-list"
          caption={t('agencies.title')}
          columns={[t('agency'), t('agencyKind'), t('agencies.emails'), canEdit ? t('actions') : null]}
        >
          {list.data.items.map((a) => (
            <tr key={a.code}>
              <th scope="row">
                {a.name} <small className="code">{a.code}</small>
              </th>
              <td data-label={t('agencyKind')}>{t(`kind.${a.kind}` as MessageKey)}</td>
              <td data-label={t('agencies.emails')} className="emails">
                {[a.focalEmail, a.headEmail].filter(Boolean).join(', ') || t('agencies.noEmail')}
                {(a.undeliverable ?? []).map((u) => (
                  <span key={u.address} className="undeliverable" role="note">
                    {u.address} — {t('agencies.undeliverable', { reason: refusalText(u.smtpCode, t) })}
                  </span>
                ))}
              </td>
              {canEdit ? (
                <td className="buttons">
                  <button
                    type="button"
                    onClick={() =>
                      void run(() => api.post(`/api/v1/agencies/${a.code}/revoke-links`, {}), t('agencies.revoked'))
                    }
                  >
                    {t('agencies.revoke')}
                    <span className="sr-only"> {a.name}</span>
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      if (window.confirm(t('agencies.confirmDeactivate', { name: a.name }))) {
                        void run(
                          () => api.post(`/api/v1/agencies/${a.code}/deactivate`, {}),
                          t('agencies.deactivated', { name: a.name }),
                        );
                      }
                    }}
                  >
                    {t('agencies.deactivate')}
                    <span className="sr-only"> {a.name}</span>
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </PhoneCardTable>
      ) : null}
      {list.data && list.data.total > list.data.pageSize ? (
        <Pager page={page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
      ) : null}
      {canEdit ? (
        <section aria-labelledby="new-agency">
          <h2 id="new-agency">{t('agencies.new')}</h2>
          <form className="stack form-grid" onSubmit={create}>
            <label>
              {t('agencies.code')}
              <input
                required
                pattern="[a-z0-9]+(-[a-z0-9]+)*"
                title={t('agencies.codeHint')}
                value={draft.code}
                onChange={(e) => setDraft({ ...draft, code: e.target.value })}
              />
            </label>
            <label>
              {t('agencies.name')}
              <input required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            </label>
            <label>
              {t('agencyKind')}
              <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
                {AGENCY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('agencies.focalEmail')}
              <input
                type="email"
                value={draft.focalEmail}
                onChange={(e) => setDraft({ ...draft, focalEmail: e.target.value })}
              />
            </label>
            <label>
              {t('agencies.headEmail')}
              <input
                type="email"
                value={draft.headEmail}
                onChange={(e) => setDraft({ ...draft, headEmail: e.target.value })}
              />
            </label>
            <button type="submit" className="primary">
              {t('agencies.create')}
            </button>
          </form>
        </section>
      ) : null}
      {canEdit ? <AgencyImport api={api} onImported={list.reload} /> : null}
      <LineageQuestions api={api} canSettle={canSettle} />
    </>
  );
}
