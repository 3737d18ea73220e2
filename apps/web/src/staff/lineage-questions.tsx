import { useState } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import type { Api, ApiFailure, LineageQuestion } from '../api';
import { ErrorBox, Loading, Notice, useAsync } from '../components/ui';

/** Registry facts the sources leave open; an admin confirms or disputes each one (audited). */
export function LineageQuestions({ api, canSettle }: { api: Api; canSettle: boolean }) {
  const { t, pick } = useI18n();
  const list = useAsync(() => api.get<LineageQuestion[]>('/api/v1/agencies/lineage-questions'), [api]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiFailure | null>(null);
  const [notice, setNotice] = useState('');

  async function settle(q: LineageQuestion, decision: 'confirmed' | 'disputed') {
    setError(null);
    try {
      await api.post(`/api/v1/agencies/${q.code}/lineage-settlement`, { decision, note: notes[q.code] ?? '' });
      setNotice(t('lineage.settled', { name: q.name }));
      list.reload();
    } catch (err) {
      setError(err as ApiFailure);
    }
  }

  return (
    <section aria-labelledby="lineage-title">
      <h2 id="lineage-title">{t('lineage.title')}</h2>
      {notice && <Notice>{notice}</Notice>}
      <ErrorBox error={error ?? list.error} />
      {!list.data ? (
        <Loading />
      ) : list.data.length === 0 ? (
        <p>{t('lineage.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="list stack-on-phone">
            <caption className="sr-only">{t('lineage.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('lineage.agency')}</th>
                <th scope="col">{t('lineage.question')}</th>
                <th scope="col">{t('lineage.source')}</th>
                <th scope="col">{t('lineage.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((q) => (
                <tr key={q.code} data-agency={q.code}>
                  <th scope="row">{q.name}</th>
                  <td data-label={t('lineage.question')}>{pick(q.question)}</td>
                  <td data-label={t('lineage.source')}>{pick(q.source)}</td>
                  <td data-label={t('lineage.status')}>
                    {t(`lineage.status.${q.status}` as MessageKey)}
                    {q.settlement && (
                      <p>
                        {q.settlement.note} ({q.settlement.by})
                      </p>
                    )}
                    {canSettle && q.status === 'to-confirm' && (
                      <form onSubmit={(e) => e.preventDefault()}>
                        <label>
                          {t('lineage.note')}
                          <input
                            value={notes[q.code] ?? ''}
                            onChange={(e) => setNotes({ ...notes, [q.code]: e.target.value })}
                          />
                        </label>
                        <button type="button" onClick={() => void settle(q, 'confirmed')}>
                          {t('lineage.confirm')}
                        </button>
                        <button type="button" onClick={() => void settle(q, 'disputed')}>
                          {t('lineage.dispute')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
