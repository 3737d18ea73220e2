import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import type { LocalDate } from '../../../libs/domain/src/local-date';
import type { PeriodKind } from '../../../libs/domain/src/period';
import type { MovedDeadline } from '../../../libs/domain/src/calendar/lawful-deadline';
import {
  AgencyRepository,
  AssignmentRepository,
  CalendarRepository,
  CatalogRepository,
  PeriodReportRepository,
} from '../../../libs/persistence/src/repositories';
import { vietnamDateOf } from '../../../libs/domain/src/local-date';
import { escapeHtml } from '../../../libs/mail/src/templates';
import { OutboxMailer } from './outbox-mailer';
import {
  buildPeriodReportDocx,
  buildPeriodReportXlsx,
  summarise,
  closeFigures,
  type PeriodReportData,
} from '../../../libs/reports/src';
import type { PeriodCloseInput, PeriodCloseResult } from '../../../workflows/period-close.messages';
import { AssignmentStarter } from '../../../libs/temporal/src/assignment-starter';
import { planPeriodCloseFor } from '../../../libs/temporal/src/period-close-plan';
import { startPeriodClose } from '../../../libs/temporal/src/workflow-starters';
import { consolidationPeriod, periodByKey } from '../../../libs/domain/src/periods/duty-periods';
import { periodName } from '../../../libs/domain/src/periods/period-name';
import type {
  PeriodActivities as PeriodActivitiesContract,
  PeriodBatchRequest,
} from '../../../workflows/period.contracts';

/**
 * The yearly opening also opens the one-off duties (what activates a plan: `npm start`'s
 * main job opens the current year, and each 15 December the schedule opens the next).
 */
const ONE_OFF_OPENING: PeriodKind = 'year';

/** Activities of the period workflows: compute a period's assignments and start them in batches. */
@Injectable()
export class PeriodActivities implements PeriodActivitiesContract {
  private readonly starter: AssignmentStarter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Client) private readonly client: Client,
    @Inject(CatalogRepository) catalog: CatalogRepository,
    @Inject(AgencyRepository) agencies: AgencyRepository,
    @Inject(CalendarRepository) private readonly calendars: CalendarRepository,
    @Inject(PeriodReportRepository) private readonly reports: PeriodReportRepository,
    @Inject(OutboxMailer) private readonly mailer: OutboxMailer,
    @Inject(AssignmentRepository) assignments: AssignmentRepository,
  ) {
    this.starter = new AssignmentStarter(client, catalog, agencies, calendars, assignments);
    this.catalog = catalog;
    this.agencies = agencies;
  }

  private readonly catalog: CatalogRepository;
  private readonly agencies: AgencyRepository;

  /** The period of `kind` containing the date and when to consolidate it (see planPeriodCloseFor). */
  async planPeriodClose(req: { planCode: string; kind: PeriodKind; onDate: LocalDate }): Promise<PeriodCloseInput> {
    const duties = await this.catalog.activeDuties(req.planCode);
    const year = Number(consolidationPeriod(req.kind, req.onDate).end.slice(0, 4));
    // The last deadline of a period closing in December can fall in January.
    const calendar = await this.calendars.workingCalendar([year, year + 1]);
    return planPeriodCloseFor(
      req.planCode,
      req.kind,
      req.onDate,
      duties.map((d) => d.spec),
      calendar,
    );
  }

  /**
   * Starts the period's close workflow, which waits as a durable timer until `closeAt`.
   * Idempotent: its id is the plan and period, so every opening of the period leaves one.
   * It is a workflow of its own, not a child: it outlives the opener and any of its runs.
   */
  async startPeriodClose(
    close: PeriodCloseInput & { taskQueue?: string },
  ): Promise<{ workflowId: string; started: boolean }> {
    const { taskQueue, ...input } = close;
    const { workflowId, started } = await startPeriodClose(this.client, input, {
      taskQueue: taskQueue ?? Context.current().info.taskQueue,
    });
    return { workflowId, started };
  }

  /** Snapshots the period's categories into a stored xlsx + docx report; one report per close run. */
  async buildPeriodReport(req: PeriodCloseInput & { runKey: string }): Promise<Omit<PeriodCloseResult, 'emailedTo'>> {
    const plan = (await this.catalog.listPlans()).find((p) => p.code === req.planCode);
    if (!plan) {
      throw ApplicationFailure.create({
        type: 'UnknownPlan',
        nonRetryable: true,
        message: `unknown plan ${req.planCode}`,
      });
    }
    // The key's one window (a close planned before the Decree 09 windows carries its old dates).
    const period = periodByKey(req.periodKey) ?? {
      key: req.periodKey,
      kind: req.kind,
      start: req.periodStart,
      end: req.periodEnd,
    };
    const data: PeriodReportData = {
      plan: { code: plan.code, title: { vi: plan.titleVi, en: plan.titleEn } },
      period,
      generatedAt: new Date().toISOString(),
      rows: await this.reports.rows(req.planCode, req.periodKey, period.start, period.end),
    };
    const summary = summarise(data);
    const ict = await this.agencies.ictDepartment(vietnamDateOf(new Date()));
    const [xlsx, docx] = await Promise.all([
      buildPeriodReportXlsx(data),
      buildPeriodReportDocx(data, {
        issuer: ict.name.toUpperCase(),
        parentIssuer: 'UBND TỈNH THANH HÓA',
        place: 'Thanh Hóa',
      }),
    ]);
    const stored = await this.reports.store({
      planCode: req.planCode,
      periodKey: req.periodKey,
      runKey: req.runKey,
      summary: {
        totals: summary.totals,
        requested: summary.requested,
        agencyCount: summary.agencyCount,
        asOf: summary.asOf,
      },
      xlsx,
      docx,
    });
    return {
      reportId: stored.id,
      version: stored.version,
      ...closeFigures(summary),
    };
  }

  /** Emails a stored report (both files) to the ICT department, once per report. */
  async emailPeriodReport(req: { reportId: string; planCode: string; periodKey: string }): Promise<string[]> {
    const report = await this.reports.findById(req.reportId);
    if (!report) {
      throw ApplicationFailure.create({
        type: 'UnknownReport',
        nonRetryable: true,
        message: `unknown report ${req.reportId}`,
      });
    }
    const ict = await this.agencies.ictDepartment(vietnamDateOf(new Date()));
    const to = [ict.headEmail, ict.focalEmail].filter((e): e is string => !!e);
    if (to.length === 0) {
      throw ApplicationFailure.create({
        type: 'PermanentMailFailure',
        nonRetryable: true,
        message: 'the ICT department has no contact email',
      });
    }
    const base = `bao-cao-${req.periodKey}-v${report.version}`;
    const key = `period-report:${report.id}`;
    const totals = report.summary.totals as { total: number; counts: Record<string, number> };
    const periodVi = periodName(req.periodKey, 'vi', { inSentence: true });
    const periodEn = periodName(req.periodKey, 'en');
    const text = [
      `Kính gửi: ${ict.name}.`,
      '',
      `Hệ thống dondoc gửi báo cáo tổng hợp kết quả thực hiện Kế hoạch kỳ ${periodVi}, phiên bản ${report.version}: ${totals.total} nhiệm vụ được giao.`,
      'Tệp đính kèm: bảng tổng hợp (.xlsx) và dự thảo báo cáo theo thể thức Nghị định 30/2020/NĐ-CP (.docx).',
      '',
      '---',
      '',
      `dondoc sends the consolidated report of ${periodEn}, version ${report.version}: ${totals.total} assigned duties.`,
      'Attached: the spreadsheet (.xlsx) and a draft report in the Decree 30/2020 format (.docx).',
    ].join('\n');
    const delivery = await this.mailer.deliverOnce({
      key,
      workflowId: null,
      kind: 'period-report',
      to,
      cc: [],
      // Short in the subject; the body names the period with its window.
      subject: `Báo cáo tổng hợp kỳ ${periodName(req.periodKey, 'vi', { inSentence: true, window: false })} / Consolidated report, ${periodName(req.periodKey, 'en', { window: false })}`,
      text,
      html: `<!doctype html><html lang="vi"><meta charset="utf-8"><pre>${escapeHtml(text)}</pre></html>`,
      fromName: ict.name,
      attachments: () =>
        Promise.resolve([
          {
            filename: `${base}.xlsx`,
            content: report.xlsx,
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          },
          {
            filename: `${base}.docx`,
            content: report.docx,
            contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          },
        ]),
    });
    return delivery.to;
  }

  async countPeriodTargets(req: { planCode: string; kind: PeriodKind; onDate: LocalDate }): Promise<number> {
    const { inputs } = await this.starter.targets({
      ...req,
      kinds: [req.kind],
      oneOff: req.kind === ONE_OFF_OPENING,
      reminderLocalTime: this.config.reminders.localTime,
    });
    return inputs.length;
  }

  async movedPeriodDeadlines(req: { planCode: string; kind: PeriodKind; onDate: LocalDate }): Promise<MovedDeadline[]> {
    const { moved } = await this.starter.targets({
      ...req,
      kinds: [req.kind],
      oneOff: req.kind === ONE_OFF_OPENING,
      reminderLocalTime: this.config.reminders.localTime,
    });
    return moved;
  }

  /** Starts one slice of the period's assignments (a stable order makes slices repeatable). */
  async startPeriodBatch(req: PeriodBatchRequest): Promise<{ count: number; started: number; alreadyRunning: number }> {
    const { inputs } = await this.starter.targets({
      planCode: req.planCode,
      kinds: [req.kind],
      onDate: req.onDate,
      oneOff: req.kind === ONE_OFF_OPENING,
      reminderLocalTime: this.config.reminders.localTime,
    });
    const slice = inputs.slice(req.offset, req.offset + req.limit);
    const result = await this.starter.start(slice, {
      taskQueue: req.taskQueue ?? this.config.temporal.taskQueue,
      concurrency: 16,
      onProgress: (done) => Context.current().heartbeat(done),
    });
    return { count: slice.length, ...result };
  }
}
