import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import { formatVietnameseDate, type LocalDate } from '../../../libs/domain/src/local-date';
import { isAgencyTurn } from '../../../libs/domain/src/status';
import { escapeHtml as esc } from '../../../libs/mail/src/templates';
import { OutboxMailer } from './outbox-mailer';
import {
  AgencyRepository,
  AssignmentRepository,
  CalendarRepository,
  UserRepository,
} from '../../../libs/persistence/src/repositories';
import { reviewWait } from '../../../libs/domain/src/review';
import type { StateAgencyCalendar } from '../../../libs/domain/src/calendar';
import { createAgencyLinkToken } from '../../../libs/security/src/agency-link';

/** The daily digest: one email per agency that asked for it, listing what is due soon or overdue. */
import type { DigestActivities as DigestActivitiesContract } from '../../../workflows/digest.contracts';
import type { CalendarAdjustments } from '../../../workflows/assignment.messages';

@Injectable()
export class DigestActivities implements DigestActivitiesContract {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(CalendarRepository) private readonly calendars: CalendarRepository,
    @Inject(OutboxMailer) private readonly mailer: OutboxMailer,
    @Inject(UserRepository) private readonly users: UserRepository,
  ) {}

  /** The working calendar (days off, worked weekend days) of `year` and its neighbours, as recorded. */
  async workingCalendarData(req: { year: number }): Promise<CalendarAdjustments> {
    return this.calendars.calendarData([req.year]);
  }

  /** Sends the digests of `date` (a Vietnam date); nothing on a day off. Idempotent per agency and day. */
  async sendDailyDigests(req: {
    date: LocalDate;
    dueWithinWorkingDays?: number;
  }): Promise<{ sent: number; agencies: number }> {
    const calendar = await this.calendars.workingCalendar([Number(req.date.slice(0, 4))]);
    if (!calendar.isWorkingDay(req.date)) {
      return { sent: 0, agencies: 0 };
    }
    const horizon = calendar.addWorkingDays(req.date, req.dueWithinWorkingDays ?? 3);
    const subscribers = (await this.agencies.list()).filter((a) => a.prefersDigest && a.active && a.focalEmail);
    let sent = 0;
    const ict = subscribers.length > 0 ? await this.agencies.ictDepartment(req.date) : null;
    for (const agency of subscribers) {
      const { items } = await this.assignments.list({ agencyCode: agency.code }, { offset: 0, limit: 200 });
      const due = items.filter((i) => isAgencyTurn(i.status) && i.dueDate <= horizon);
      if (due.length === 0) {
        continue;
      }
      const exp = Math.floor(Date.now() / 1000) + this.config.links.ttlDays * 86_400;
      const link = `${this.config.links.publicUrl}/r/${createAgencyLinkToken({ agency: agency.code, exp, gen: agency.linkGeneration }, this.config.links.secret)}`;
      const lines = due.map((i) => ({
        vi: `- ${i.duty.titleVi} (mục ${i.duty.clause}, kỳ ${i.periodKey}): hạn ${formatVietnameseDate(i.dueDate)}${i.category === 'open-overdue' ? ' – ĐÃ QUÁ HẠN' : ''}`,
        en: `- ${i.duty.titleEn} (clause ${i.duty.clause}, period ${i.periodKey}): due ${formatVietnameseDate(i.dueDate)}${i.category === 'open-overdue' ? ' – OVERDUE' : ''}`,
      }));
      const subject = `Tổng hợp nhiệm vụ cần thực hiện ngày ${formatVietnameseDate(req.date)}: ${due.length} nhiệm vụ / Daily digest: ${due.length} duties`;
      const text = [
        `${agency.name} có ${due.length} nhiệm vụ sắp đến hạn hoặc đã quá hạn:`,
        ...lines.map((l) => l.vi),
        '',
        `Mở danh sách và báo cáo tại: ${link}`,
        '',
        '---',
        '',
        `${agency.name} has ${due.length} duties due soon or overdue:`,
        ...lines.map((l) => l.en),
        '',
        `Open the list and report at: ${link}`,
      ].join('\n');
      const html =
        `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body>` +
        `<div lang="vi"><p>${esc(agency.name)} có ${due.length} nhiệm vụ sắp đến hạn hoặc đã quá hạn:</p><ul>${lines.map((l) => `<li>${esc(l.vi.slice(2))}</li>`).join('')}</ul>` +
        `<p><a href="${esc(link)}">Mở danh sách và báo cáo</a></p></div><hr><div lang="en"><ul>${lines.map((l) => `<li>${esc(l.en.slice(2))}</li>`).join('')}</ul>` +
        `<p><a href="${esc(link)}">Open the list and report</a></p></div></body></html>`;
      const delivery = await this.mailer.deliverOnce({
        key: `digest:${agency.code}:${req.date}`,
        workflowId: null,
        kind: 'digest',
        to: [agency.focalEmail!],
        cc: [],
        subject,
        text,
        html,
        fromName: ict?.name,
      });
      if (delivery.outcome === 'sent') {
        sent += 1;
      }
    }
    if (this.config.review.notice === 'digest' && (await this.sendReviewDigest(req.date, calendar))) {
      sent += 1;
    }
    return { sent, agencies: subscribers.length };
  }

  /**
   * With REVIEW_NOTICE=digest: one email a working day to the ICT department's officers (active
   * `officer` accounts, else the department's addresses) listing the reports awaiting review,
   * oldest first, with the working days each has waited; flagged past REVIEW_FLAG_WORKING_DAYS.
   * Nothing when none waits. Idempotent per day.
   */
  private async sendReviewDigest(date: LocalDate, calendar: StateAgencyCalendar): Promise<boolean> {
    const { total, items } = await this.assignments.list(
      { status: 'submitted' },
      { offset: 0, limit: 200 },
      { field: 'submittedAt', desc: false },
    );
    if (total === 0) {
      return false;
    }
    const ict = await this.agencies.ictDepartment(date);
    const officers = (await this.users.list()).filter((u) => u.active && u.role === 'officer').map((u) => u.email);
    const to = officers.length ? officers : [ict.headEmail, ict.focalEmail].filter((e): e is string => !!e);
    if (to.length === 0) {
      return false;
    }
    const flagAfter = this.config.review.flagAfterWorkingDays;
    const now = new Date();
    const lines = items.map((i) => {
      const wait = reviewWait(i.submittedAt ?? i.updatedAt, now, calendar, flagAfter);
      return {
        vi: `- ${i.agency.name} – ${i.duty.titleVi} (mục ${i.duty.clause}, kỳ ${i.periodKey}): gửi ngày ${formatVietnameseDate(wait.submittedOn)}, đã chờ ${wait.workingDaysWaiting} ngày làm việc${wait.flagged ? ' – CHỜ QUÁ LÂU' : ''}`,
        en: `- ${i.agency.name} – ${i.duty.titleEn} (clause ${i.duty.clause}, period ${i.periodKey}): sent ${formatVietnameseDate(wait.submittedOn)}, waiting ${wait.workingDaysWaiting} working day(s)${wait.flagged ? ' – WAITING TOO LONG' : ''}`,
      };
    });
    const link = `${this.config.links.publicUrl}/#/reviews`;
    const subject = `Báo cáo chờ duyệt ngày ${formatVietnameseDate(date)}: ${total} báo cáo / Reports awaiting review: ${total}`;
    const text = [
      `Kính gửi: ${ict.name}.`,
      '',
      `Có ${total} báo cáo đang chờ duyệt (cũ nhất trước):`,
      ...lines.map((l) => l.vi),
      '',
      `Xem và duyệt tại: ${link}`,
      '',
      '---',
      '',
      `${total} reports await review (oldest first):`,
      ...lines.map((l) => l.en),
      '',
      `Review them at: ${link}`,
    ].join('\n');
    const html =
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body>` +
      `<div lang="vi"><p>Kính gửi: ${esc(ict.name)}.</p><p>Có ${total} báo cáo đang chờ duyệt (cũ nhất trước):</p><ul>${lines.map((l) => `<li>${esc(l.vi.slice(2))}</li>`).join('')}</ul>` +
      `<p><a href="${esc(link)}">Xem và duyệt báo cáo</a></p></div><hr><div lang="en"><ul>${lines.map((l) => `<li>${esc(l.en.slice(2))}</li>`).join('')}</ul>` +
      `<p><a href="${esc(link)}">Review the reports</a></p></div></body></html>`;
    const delivery = await this.mailer.deliverOnce({
      key: `review-digest:${date}`,
      workflowId: null,
      kind: 'review-digest',
      to,
      cc: [],
      subject: subject.normalize('NFC'),
      text: text.normalize('NFC'),
      html: html.normalize('NFC'),
      fromName: ict.name,
    });
    return delivery.outcome === 'sent';
  }
}
