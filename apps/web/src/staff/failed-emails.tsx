import { useState } from 'react';
import { ApiFailure, type Api, type FailedEmail } from '../api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { ErrorBox, Loading, Notice, useAsync } from '../components/ui';
import { refusalText } from '../components/assignment-parts';
import { PhoneCardTable } from '../components/list-table';

/** Each recipient of a failed email with why it failed, in words (the refused ones by name, else every recipient). */
function reasons(e: FailedEmail, t: ReturnType<typeof useI18n>['t']): Array<{ address: string; reason: string }> {
  if (e.cause === 'recipients-refused') {
    return e.refused.map((r) => ({ address: r.address, reason: refusalText(r.smtpCode, t) }));
  }
  const reason = t(`failedEmails.cause.${e.cause}` as MessageKey);
  return [...e.to, ...e.cc].map((address) => ({ address, reason }));
}

/**
 * The dashboard's "Thư không gửi được" section: every email the outbox gave up
 * on (`GET /api/v1/emails/failed`, newest first), each recipient with the
 * relay's reason in words, and a "Gửi lại" button for officers
 * (`POST /api/v1/emails/{id}/resend`: a durable re-send with a fresh retry
 * budget; an email that fails again is listed again).
 */
export function FailedEmails({ api, canResend }: { api: Api; canResend: boolean }) {
  const { t, dateTime } = useI18n();
  const list = useAsync(() => api.get<{ total: number; items: FailedEmail[] }>('/api/v1/emails/failed'), [api]);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const rows = list.data?.items ?? [];

  async function resend(e: FailedEmail) {
    setBusy(e.id);
    setError(null);
    setNotice('');
    try {
      await api.post(`/api/v1/emails/${e.id}/resend`, {});
      setNotice(t('failedEmails.resent', { subject: e.subject }));
      list.reload();
    } catch (err) {
      setError(
        err instanceof ApiFailure
          ? err
          : new ApiFailure(0, 'CLIENT', { vi: 'Đã có lỗi xảy ra', en: 'Something went wrong' }, null),
      );
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="failed-emails-h" data-testid="failed-emails">
      <h2 id="failed-emails-h">
        {t('failedEmails.title')}
        {list.data ? <small> ({t('failedEmails.count', { n: list.data.total })})</small> : null}
      </h2>
      <p>{t('failedEmails.intro')}</p>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorBox error={error ?? list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && rows.length === 0 ? <p>{t('failedEmails.none')}</p> : null}
      {rows.length > 0 ? (
        <PhoneCardTable
          testId="failed-email-list"
          caption={t('failedEmails.title')}
          columns={[
            t('failedEmails.email'),
            t('failedEmails.recipients'),
            canResend ? <span className="sr-only">{t('failedEmails.resend')}</span> : null,
          ]}
        >
          {rows.map((e) => (
            <tr key={e.id}>
              <th scope="row" className="subject">
                {e.subject}
                <small className="silent">
                  {' '}
                  · {t('failedEmails.failedAt', { time: dateTime(e.failedAt) })}
                  {e.resends > 0 ? ` · ${t('failedEmails.resends', { n: e.resends })}` : ''}
                </small>
              </th>
              <td data-label={t('failedEmails.recipients')} className="emails">
                <ul className="plain">
                  {reasons(e, t).map((r) => (
                    <li key={r.address}>
                      <strong>{r.address}</strong>: {r.reason}
                    </li>
                  ))}
                </ul>
              </td>
              {canResend ? (
                <td className="buttons">
                  {e.resendable ? (
                    <button type="button" disabled={busy !== null} onClick={() => void resend(e)}>
                      {busy === e.id ? t('failedEmails.resending') : t('failedEmails.resend')}
                      <span className="sr-only"> {e.subject}</span>
                    </button>
                  ) : (
                    <small>{t('failedEmails.notResendable')}</small>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </PhoneCardTable>
      ) : null}
    </section>
  );
}
