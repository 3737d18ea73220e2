import type { Api, AssignmentDetail, AssignmentRow, Submission } from '../api';
import { CategoryBadge, StatusBadge } from './ui';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { formatBytes } from '../format';
import { reportingMonthWindow } from '../../../../libs/domain/src/periods/period-name';
import { isRecoveredSubmission } from '../../../../libs/domain/src/evidence';

const KNOWN_EVENTS = new Set([
  'assigned',
  'acknowledged',
  'prodded',
  'reminder-sent',
  'due-today-sent',
  'overdue',
  'escalated',
  'submitted',
  'resubmitted',
  'returned',
  'accepted',
  'waived',
  'cancelled',
  'extension-requested',
  'extension-granted',
  'extension-denied',
  'calendar-changed',
  'deadline-moved',
  'taken-over',
]);

type Translate = ReturnType<typeof useI18n>['t'];
type TimelineEvent = AssignmentDetail['timeline'][number];

const EMAIL_KINDS = new Set([
  'assigned',
  'reminder',
  'due-today',
  'prod',
  'overdue-notice',
  'escalation-ict',
  'escalation-ppc',
  'returned',
  'accepted',
  'extension-decided',
  'deadline-moved',
]);

/**
 * Why a mail server refused an address, in words (SMTP reply codes, RFC 5321
 * section 4.2 and RFC 3463): 550/551/553 no such mailbox, 552 full, 554 refused
 * by policy, 4xx temporary; never the code itself.
 */
export function refusalText(smtpCode: number | null, t: Translate): string {
  if (smtpCode === 550 || smtpCode === 551 || smtpCode === 553) {
    return t('refusal.mailbox');
  }
  if (smtpCode === 552) {
    return t('refusal.full');
  }
  if (smtpCode === 554) {
    return t('refusal.policy');
  }
  if (smtpCode !== null && smtpCode >= 400 && smtpCode < 500) {
    return t('refusal.temporary');
  }
  return t('refusal.unknown');
}

/** The person's words an event recorded (a transition's `note`), or null. */
export function eventNote(e: TimelineEvent): string | null {
  return e.after && 'note' in e.after ? e.after.note : null;
}

/** What an email event recorded (its kind, the refused address and the relay's code), or null. */
function emailFacts(e: TimelineEvent): { kind: string; address?: string; smtpCode?: number | null } | null {
  return e.after && 'kind' in e.after ? e.after : null;
}

/** What happened, in words: "Đã gửi thư nhắc", never `email-sent`. */
export function eventText(e: TimelineEvent, t: Translate): string {
  const mail = emailFacts(e);
  if (KNOWN_EVENTS.has(e.type)) {
    return t(`event.${e.type}` as MessageKey);
  }
  switch (e.type) {
    case 'email-sent':
      return typeof mail?.kind === 'string' && EMAIL_KINDS.has(mail.kind)
        ? t(`event.email-sent.${mail.kind}` as MessageKey)
        : t('event.email-sent');
    case 'email-undeliverable':
      return mail?.address
        ? t('event.email-undeliverable.to', {
            address: mail.address,
            reason: refusalText(mail.smtpCode ?? null, t),
          })
        : t('event.email-undeliverable');
    case 'email-no-contact':
      return t('event.email-no-contact');
    default:
      return t('event.other');
  }
}

/** Who did it, in words: "Xã Đông Sơn, qua đường dẫn", "cán bộ an@…", "hệ thống"; never `agency-link:…`. */
export function actorText(actor: string, agency: { code: string; name: string }, t: Translate): string {
  if (actor === 'system') {
    return t('event.system');
  }
  const link = /^agency-link:(.+)$/.exec(actor);
  if (link) {
    return t('actor.link', { agency: link[1] === agency.code ? agency.name : link[1] });
  }
  const user = /^(admin|officer|viewer|agency):(.+)$/.exec(actor);
  if (user) {
    return user[1] === 'agency'
      ? t('actor.agencyUser', { agency: agency.name, email: user[2] })
      : t('actor.staff', { role: t(`role.${user[1]}` as MessageKey), email: user[2] });
  }
  return actor;
}

/** What happened to an assignment, oldest first: reminders, escalations, submissions, decisions. */
export function Timeline({
  events,
  agency,
}: {
  events: AssignmentDetail['timeline'];
  agency: { code: string; name: string };
}) {
  const { t, dateTime } = useI18n();
  if (events.length === 0) {
    return <p>{t('empty')}</p>;
  }
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((e, i) => (
        <li key={i}>
          <time dateTime={e.at}>{dateTime(e.at)}</time> <strong>{eventText(e, t)}</strong>{' '}
          <span className="actor">({actorText(e.actor, agency, t)})</span>
          {eventNote(e) ? <div className="note">“{eventNote(e)}”</div> : null}
        </li>
      ))}
    </ol>
  );
}

/** One submission: values against targets, links, attachments, note. */
export function SubmissionView({
  submission,
  evidence,
  api,
  index,
}: {
  submission: Submission;
  evidence: AssignmentDetail['evidence'];
  api: Api;
  index: number;
}) {
  const { t, dateTime, pick, lang } = useI18n();
  const short = new Map(submission.shortfalls.map((s) => [s.key, s]));
  return (
    <article className="submission" aria-label={t('submission.n', { n: index + 1 })}>
      <h3>
        {t('submission.n', { n: index + 1 })} — <time dateTime={submission.at}>{dateTime(submission.at)}</time>
      </h3>
      {isRecoveredSubmission(submission.submissionId) ? <p className="hint">{t('submission.recovered')}</p> : null}
      <dl>
        {evidence
          .filter((f) => f.type !== 'attachment')
          .map((f) => {
            const s = short.get(f.key);
            const v = submission.values[f.key];
            return (
              <div key={f.key}>
                <dt>{pick(f.label)}</dt>
                <dd>
                  {v === undefined || v === '' ? '—' : String(v)}
                  {s ? <span className="shortfall"> ⚠ {t('submission.below', { target: s.target })}</span> : null}
                </dd>
              </div>
            );
          })}
      </dl>
      {submission.links?.length ? (
        <ul className="links">
          {submission.links.map((l) => (
            <li key={l}>
              <a href={l} target="_blank" rel="noopener noreferrer">
                {l}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {submission.attachments?.length ? (
        <ul className="files">
          {submission.attachments.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className="link"
                onClick={() => void api.download(`/api/v1/attachments/${a.id}`, a.name)}
              >
                {a.name}
              </button>
              {a.sizeBytes !== undefined ? ` (${formatBytes(a.sizeBytes, lang)})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {submission.note ? <p className="note">“{submission.note}”</p> : null}
    </article>
  );
}

/** The facts of an assignment both officers and agencies see; `testId` prefixes the test hooks. */
export function AssignmentFacts({
  a,
  testId,
  showChased = false,
}: {
  a: AssignmentRow;
  testId: string;
  showChased?: boolean;
}) {
  const { t, date, period, lang } = useI18n();
  // A monthly duty also states the Decree 09 reporting month it is counted with (one definition, libs/domain).
  const reporting = reportingMonthWindow(a.periodKey, lang);
  return (
    <dl className="facts">
      <div>
        <dt>{t('category')}</dt>
        <dd data-testid={`${testId}-category`}>
          <CategoryBadge category={a.category} />
        </dd>
      </div>
      <div>
        <dt>{t('status')}</dt>
        <dd data-testid={`${testId}-status`}>
          <StatusBadge status={a.status} />
        </dd>
      </div>
      <div>
        <dt>{t('period')}</dt>
        <dd>{period(a.periodKey)}</dd>
      </div>
      {reporting ? (
        <div>
          <dt>{reporting.label}</dt>
          <dd data-testid={`${testId}-reporting-month`}>{reporting.window}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('due')}</dt>
        <dd>
          {date(a.dueDate)}
          {a.dueDate !== a.originalDueDate ? ` (${t('detail.originally', { date: date(a.originalDueDate) })})` : ''}
          {'deadlineMovedFrom' in a && a.deadlineMovedFrom ? (
            <span className="hint"> {t('detail.movedFromDayOff', { date: date(a.deadlineMovedFrom as string) })}</span>
          ) : null}
        </dd>
      </div>
      {showChased ? (
        <div>
          <dt>{t('overdue.chased')}</dt>
          <dd>{t('overdue.chasedText', { reminders: a.remindersSent, level: a.escalationLevel })}</dd>
        </div>
      ) : null}
    </dl>
  );
}
