import { useState, type FormEvent } from 'react';
import { ApiFailure, newId, type Api, type AssignmentDetail } from '../api';
import { useI18n } from '../i18n';
import { ErrorBox } from '../components/ui';
import { DateField } from '../components/date-field';

/** Asks the ICT department for a later deadline, with a reason. */
export function ExtensionForm({
  api,
  assignment,
  onRequested,
}: {
  api: Api;
  assignment: AssignmentDetail;
  onRequested: () => void;
}) {
  const { t } = useI18n();
  const [newDueDate, setNewDueDate] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiFailure | null>(null);
  const pending = (assignment.extensions ?? []).some((e) => !e.decision);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/api/v1/assignments/${assignment.id}/extension-request`, {
        requestId: newId(),
        newDueDate,
        reason: reason.trim(),
      });
      setReason('');
      onRequested();
    } catch (err) {
      setError(err as ApiFailure);
    }
  }

  if (pending) {
    return <p>{t('ext.pending')}</p>;
  }
  return (
    <details className="extension-form">
      <summary>{t('ext.title')}</summary>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <DateField
          label={t('ext.newDate')}
          required
          min={new Date(Date.parse(assignment.dueDate) + 86_400_000).toISOString().slice(0, 10)}
          value={newDueDate}
          onChange={setNewDueDate}
        />
        <label>
          {t('ext.reason')}
          <textarea
            required
            minLength={2}
            maxLength={2000}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <ErrorBox error={error} />
        <button type="submit">{t('ext.submit')}</button>
      </form>
    </details>
  );
}
