import { useState } from 'react';
import { isAgencyTurn, isClosedStatus } from '../../../../libs/domain/src/status';
import { ApiFailure, type Api, type AssignmentDetail } from '../api';
import { useI18n } from '../i18n';
import { Dialog, ErrorBox, Loading, Notice, useAsync } from '../components/ui';
import { AssignmentFacts, SubmissionView, Timeline } from '../components/assignment-parts';

/**
 * One assignment for an officer: facts, submissions, extensions, timeline, and the decisions to take.
 * `backTo` is the hash of the page the officer came from ("Quay lại" leads there).
 */
export function AssignmentView({ api, id, backTo }: { api: Api; id: string; backTo: string }) {
  const { t, date, lang } = useI18n();
  const detail = useAsync(() => api.get<AssignmentDetail>(`/api/v1/assignments/${id}`), [api, id]);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [notice, setNotice] = useState('');
  const [ask, setAsk] = useState<null | 'return' | 'waive' | 'escalate'>(null);
  const [reason, setReason] = useState('');

  async function act(path: string, body: unknown, done: string) {
    setError(null);
    try {
      await api.post(`/api/v1/assignments/${id}/${path}`, body);
      setNotice(done);
      setAsk(null);
      setReason('');
      // The read model follows the workflow within a moment: look again shortly, and once more.
      for (const ms of [300, 1500]) {
        setTimeout(detail.reload, ms);
      }
    } catch (err) {
      setError(err as ApiFailure);
    }
  }

  if (detail.loading && !detail.data) {
    return <Loading />;
  }
  if (!detail.data) {
    return <ErrorBox error={detail.error} />;
  }
  const a = detail.data;
  const pendingExtensions = (a.extensions ?? []).filter((e) => !e.decision);
  const submissions = a.submissions ?? [];
  return (
    <>
      <p>
        <a href={backTo}>‹ {t('back')}</a>
      </p>
      <h1>
        {a.agency.name} — {a.duty.clause}
      </h1>
      <p className="lead">{lang === 'en' ? a.duty.titleEn : a.duty.titleVi}</p>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorBox error={error} />
      <AssignmentFacts a={a} testId="detail" showChased />

      <section aria-labelledby="actions-h">
        <h2 id="actions-h">{t('actions')}</h2>
        <div className="buttons">
          {a.status === 'submitted' ? (
            <>
              <button
                type="button"
                className="primary"
                onClick={() => void act('review', { decision: 'accept' }, t('detail.accepted'))}
              >
                {t('detail.accept')}
              </button>
              <button type="button" onClick={() => setAsk('return')}>
                {t('detail.return')}
              </button>
            </>
          ) : null}
          {isAgencyTurn(a.status) ? (
            <>
              <button
                type="button"
                onClick={() => void act('prod', {}, t('overdue.prodded', { agency: a.agency.name }))}
              >
                {t('overdue.prod')}
              </button>
              {a.canEscalate ? (
                <button type="button" onClick={() => setAsk('escalate')}>
                  {t('detail.escalate')}
                </button>
              ) : null}
            </>
          ) : null}
          {!isClosedStatus(a.status) ? (
            <button type="button" onClick={() => setAsk('waive')}>
              {t('detail.waive')}
            </button>
          ) : null}
        </div>
        {isAgencyTurn(a.status) && !a.canEscalate && a.escalationRefusal ? (
          <p className="hint">{lang === 'en' ? a.escalationRefusal.en : a.escalationRefusal.vi}</p>
        ) : null}
      </section>

      {pendingExtensions.length > 0 ? (
        <section aria-labelledby="ext-h">
          <h2 id="ext-h">{t('detail.extensions')}</h2>
          {pendingExtensions.map((e) => (
            <div key={e.requestId} className="extension">
              <p>
                {t('detail.extensionAsked', { date: date(e.newDueDate) })} “{e.reason}”
              </p>
              <div className="buttons">
                <button
                  type="button"
                  className="primary"
                  onClick={() =>
                    void act(
                      'extension-decision',
                      { requestId: e.requestId, approve: true },
                      t('detail.extensionGranted'),
                    )
                  }
                >
                  {t('detail.grant')}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      'extension-decision',
                      { requestId: e.requestId, approve: false },
                      t('detail.extensionDenied'),
                    )
                  }
                >
                  {t('detail.deny')}
                </button>
              </div>
            </div>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="subs-h">
        <h2 id="subs-h">{t('detail.submissions')}</h2>
        {submissions.length === 0 ? <p>{t('detail.noSubmission')}</p> : null}
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

      <section aria-labelledby="tl-h">
        <h2 id="tl-h">{t('detail.timeline')}</h2>
        <Timeline events={a.timeline} agency={a.agency} />
      </section>

      <Dialog
        open={ask !== null}
        title={ask === 'return' ? t('detail.return') : ask === 'waive' ? t('detail.waive') : t('detail.escalate')}
        onClose={() => setAsk(null)}
      >
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (ask === 'return') {
              void act('review', { decision: 'return', reason: reason.trim() }, t('detail.returned'));
            } else if (ask === 'waive') {
              void act('waive', { reason: reason.trim() }, t('detail.waived'));
            } else {
              void act('escalate', reason.trim() ? { reason: reason.trim() } : {}, t('detail.escalated'));
            }
          }}
        >
          <label>
            {t('detail.reason')}
            <textarea
              name="reason"
              required={ask !== 'escalate'}
              minLength={ask !== 'escalate' ? 2 : undefined}
              maxLength={2000}
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <div className="buttons">
            <button type="submit" className="primary">
              {t('confirm')}
            </button>
            <button type="button" onClick={() => setAsk(null)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
