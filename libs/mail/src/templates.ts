import { formatVietnameseDate, type LocalDate } from '../../domain/src/local-date';
import { isPeriodKey, periodName, reportingMonthWindow } from '../../domain/src/periods/period-name';
import { ONE_OFF_PERIOD_KEY } from '../../domain/src/period';
import type { MailBody, MailKind } from '../../../workflows/mail.contracts';

/** Facts every assignment email states. */
export interface AssignmentFacts {
  agencyName: string;
  dutyTitle: { vi: string; en: string };
  clause: string;
  periodKey: string;
  dueDate: LocalDate;
  /** Evidence the agency must report, e.g. "Số lần phát lại (tối thiểu 3)". */
  evidence: Array<{ vi: string; en: string }>;
  binding: boolean;
  link: string;
  /** The standing ICT department on the sending date (ictDepartmentOn in libs/domain): sender and signatory. */
  ictDepartment: { vi: string; en: string };
}

export type { ShortfallFact, MailKind } from '../../../workflows/mail.contracts';

/** One type per message kind (the workflows' mail vocabulary) with its facts, so a template cannot be rendered with the wrong ones. */
export type MailMessage = MailBody & { facts: AssignmentFacts };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

// ---------------------------------------------------------------------------
// Copy: what each kind says, per language, independent of the output format.
// ---------------------------------------------------------------------------

type Lang = 'vi' | 'en';

/** A piece of body text; quotes carry text written by a person (reason, message, note). */
type Block =
  | { kind: 'para'; text: string }
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'list'; label: string; items: string[] };

/** Everything one language says in one email. */
interface Side {
  subject: string;
  body: Block[];
  /** The deadline line of the facts block. */
  deadline: string;
  /** Label of the link to the assignment. */
  action: string;
}

interface Copy {
  vi: Side;
  en: Side;
  /** Whether to list the evidence the agency must report (pointless once accepted or in escalations). */
  showEvidence: boolean;
}

type Msg<K extends MailKind> = Extract<MailMessage, { kind: K }>;

const LABELS = {
  vi: {
    duty: 'Nhiệm vụ',
    clause: 'mục',
    period: 'Kỳ',
    to: 'Kính gửi',
    evidence: 'Nội dung cần báo cáo',
    requested: 'Nhiệm vụ theo đề nghị của UBND tỉnh.',
  },
  en: {
    duty: 'Duty',
    clause: 'clause',
    period: 'Period',
    to: 'To',
    evidence: 'What to report',
    requested: 'Requested by the Provincial People’s Committee.',
  },
} as const;

// The link text of the HTML part (the plain-text part needs the address itself).
const ACTION_REPORT = { vi: 'Mở nhiệm vụ và báo cáo', en: 'Open the assignment and report' };
const ACTION_RESUBMIT = {
  vi: 'Mở nhiệm vụ và gửi lại báo cáo',
  en: 'Open the assignment and resubmit the report',
};
const ACTION_VIEW = { vi: 'Xem nhiệm vụ', en: 'View the assignment' };
const ACTION_REVIEW = { vi: 'Xem nhiệm vụ và duyệt báo cáo', en: 'View the assignment and review the report' };

/**
 * The period in words inside a subject: "tháng 11/2026" / "November 2026"; an ad-hoc key as
 * "kỳ <key>". Short: the body names the period with its window ("Kỳ: … (số liệu từ … đến …)").
 */
function periodIn(f: AssignmentFacts, lang: Lang): string {
  if (f.periodKey === ONE_OFF_PERIOD_KEY) {
    return lang === 'vi' ? 'nhiệm vụ một lần' : 'one-off duty';
  }
  if (!isPeriodKey(f.periodKey)) {
    return lang === 'vi' ? `kỳ ${f.periodKey}` : `period ${f.periodKey}`;
  }
  return periodName(f.periodKey, lang, { inSentence: true, window: false });
}

/** Whom an email is addressed to ("Kính gửi"): the agency, its head, or the body an escalation goes to. */
function addresseeOf(msg: MailMessage): { vi: string; en: string } {
  const agency = msg.facts.agencyName;
  switch (msg.kind) {
    case 'overdue-notice':
      return { vi: `Thủ trưởng ${agency}`, en: `the head of ${agency}` };
    case 'escalation-ict':
    case 'report-arrived':
      return msg.facts.ictDepartment;
    case 'escalation-ppc':
      return { vi: 'Văn phòng UBND tỉnh', en: 'the Office of the Provincial People’s Committee' };
    case 'assigned':
    case 'reminder':
    case 'due-today':
    case 'prod':
    case 'returned':
    case 'accepted':
    case 'extension-decided':
    case 'deadline-moved':
      return { vi: agency, en: agency };
  }
}

/** Signature line: the ICT department holding the role on the sending date. */
const signature = (f: AssignmentFacts): string => `${f.ictDepartment.vi} tỉnh Thanh Hóa – hệ thống đôn đốc dondoc`;

const para = (text: string): Block => ({ kind: 'para', text });

/** Human-written text worth quoting: null or blank means there is nothing to quote. */
function quoted(label: string, text: string | null): Block[] {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? [] : [{ kind: 'quote', label, text: trimmed }];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function workingDaysEn(n: number): string {
  return `${n} working day${n === 1 ? '' : 's'}`;
}

function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(n);
}

/** Standard deadline line and link label; most kinds need nothing else. */
function side(due: string, action: { vi: string; en: string }, lang: Lang): Pick<Side, 'deadline' | 'action'> {
  return { deadline: lang === 'vi' ? `Hạn báo cáo: ${due}` : `Report due: ${due}`, action: action[lang] };
}

function assignedCopy(f: AssignmentFacts, due: string): Copy {
  return {
    vi: {
      subject: `Giao nhiệm vụ: ${f.dutyTitle.vi} (${periodIn(f, 'vi')}, hạn ${due})`,
      body: [
        para(
          `${f.agencyName} được giao thực hiện nhiệm vụ dưới đây theo mục ${f.clause} của Kế hoạch. Hạn báo cáo: ${due}.`,
        ),
      ],
      ...side(due, ACTION_REPORT, 'vi'),
    },
    en: {
      subject: `New assignment: ${f.dutyTitle.en} (${periodIn(f, 'en')}, due ${due})`,
      body: [
        para(`${f.agencyName} is assigned the duty below under clause ${f.clause} of the plan. Report due: ${due}.`),
      ],
      ...side(due, ACTION_REPORT, 'en'),
    },
    showEvidence: true,
  };
}

function reminderCopy(msg: Msg<'reminder'>, f: AssignmentFacts, due: string): Copy {
  const n = msg.workingDaysLeft;
  return {
    vi: {
      subject: `Nhắc việc: ${f.dutyTitle.vi} – còn ${n} ngày làm việc (hạn ${due})`,
      body: [para(`Nhiệm vụ dưới đây của ${f.agencyName} chưa được báo cáo. Còn ${n} ngày làm việc đến hạn ${due}.`)],
      ...side(due, ACTION_REPORT, 'vi'),
    },
    en: {
      subject: `Reminder: ${f.dutyTitle.en} – ${workingDaysEn(n)} left (due ${due})`,
      body: [
        para(`The duty below has not been reported by ${f.agencyName} yet. ${workingDaysEn(n)} remain until ${due}.`),
      ],
      ...side(due, ACTION_REPORT, 'en'),
    },
    showEvidence: true,
  };
}

function dueTodayCopy(f: AssignmentFacts, due: string): Copy {
  return {
    vi: {
      subject: `Đến hạn hôm nay: ${f.dutyTitle.vi} (hạn ${due})`,
      body: [para(`Hôm nay (${due}) là hạn báo cáo nhiệm vụ dưới đây của ${f.agencyName}.`)],
      ...side(due, ACTION_REPORT, 'vi'),
    },
    en: {
      subject: `Due today: ${f.dutyTitle.en} (due ${due})`,
      body: [para(`Today (${due}) is the deadline for ${f.agencyName} to report the duty below.`)],
      ...side(due, ACTION_REPORT, 'en'),
    },
    showEvidence: true,
  };
}

function prodCopy(msg: Msg<'prod'>, f: AssignmentFacts, due: string): Copy {
  const leadVi = f.binding
    ? `${f.ictDepartment.vi} đôn đốc ${f.agencyName} khẩn trương thực hiện nhiệm vụ dưới đây theo mục ${f.clause} của Kế hoạch và báo cáo kết quả (hạn báo cáo: ${due}).`
    : `${f.ictDepartment.vi} kính đề nghị ${f.agencyName} quan tâm, khẩn trương thực hiện nhiệm vụ dưới đây theo mục ${f.clause} của Kế hoạch và báo cáo kết quả (hạn báo cáo: ${due}).`;
  const leadEn = f.binding
    ? `${capitalise(f.ictDepartment.en)} urges ${f.agencyName} to carry out the duty below under clause ${f.clause} of the plan without delay and report the results (report due: ${due}).`
    : `${capitalise(f.ictDepartment.en)} kindly asks ${f.agencyName} to carry out the duty below under clause ${f.clause} of the plan without delay and report the results (report due: ${due}).`;
  return {
    vi: {
      subject: `Đôn đốc thực hiện nhiệm vụ: ${f.dutyTitle.vi} (${periodIn(f, 'vi')}, hạn ${due})`,
      body: [para(leadVi), ...quoted(`Ý kiến của ${f.ictDepartment.vi}`, msg.message)],
      ...side(due, ACTION_REPORT, 'vi'),
    },
    en: {
      subject: `Follow-up on duty: ${f.dutyTitle.en} (${periodIn(f, 'en')}, due ${due})`,
      body: [para(leadEn), ...quoted(`Comment from ${f.ictDepartment.en}`, msg.message)],
      ...side(due, ACTION_REPORT, 'en'),
    },
    showEvidence: true,
  };
}

function overdueNoticeCopy(msg: Msg<'overdue-notice'>, f: AssignmentFacts, due: string): Copy {
  const n = msg.workingDaysOverdue;
  const vi = f.binding
    ? [
        `Nhiệm vụ dưới đây giao ${f.agencyName} thực hiện theo mục ${f.clause} của Kế hoạch đã quá hạn ${n} ngày làm việc (hạn báo cáo: ${due}) nhưng đến nay cơ quan chưa báo cáo kết quả.`,
        `Đề nghị Thủ trưởng cơ quan khẩn trương chỉ đạo hoàn thành nhiệm vụ và báo cáo kết quả về ${f.ictDepartment.vi}.`,
      ]
    : [
        `Nhiệm vụ dưới đây (mục ${f.clause} của Kế hoạch) mà UBND tỉnh đề nghị ${f.agencyName} thực hiện đã quá hạn ${n} ngày làm việc (hạn báo cáo: ${due}) nhưng đến nay chưa có báo cáo kết quả.`,
        `Kính đề nghị Thủ trưởng cơ quan quan tâm, chỉ đạo hoàn thành nhiệm vụ và báo cáo kết quả về ${f.ictDepartment.vi} để tổng hợp, báo cáo UBND tỉnh.`,
      ];
  const en = f.binding
    ? [
        `The duty below, assigned to ${f.agencyName} under clause ${f.clause} of the plan, is ${workingDaysEn(n)} overdue (report due: ${due}) and has not been reported yet.`,
        `The head of the agency is requested to direct the completion of the duty without delay and report the results to ${f.ictDepartment.en}.`,
      ]
    : [
        `The duty below (clause ${f.clause} of the plan), which the Provincial People’s Committee requested of ${f.agencyName}, is ${workingDaysEn(n)} overdue (report due: ${due}) and has not been reported yet.`,
        `We would be grateful if the head of the agency could kindly direct the completion of the duty and report the results to ${f.ictDepartment.en}, for consolidation and reporting to the Provincial People’s Committee.`,
      ];
  return {
    vi: {
      subject: `Thông báo nhiệm vụ quá hạn: ${f.dutyTitle.vi} – quá hạn ${n} ngày làm việc (hạn ${due})`,
      body: vi.map(para),
      ...side(due, ACTION_REPORT, 'vi'),
    },
    en: {
      subject: `Overdue notice: ${f.dutyTitle.en} – ${workingDaysEn(n)} overdue (due ${due})`,
      body: en.map(para),
      ...side(due, ACTION_REPORT, 'en'),
    },
    showEvidence: true,
  };
}

function escalationIctCopy(msg: Msg<'escalation-ict'>, f: AssignmentFacts, due: string): Copy {
  const n = msg.workingDaysOverdue;
  const no = msg.letterNumber;
  return {
    vi: {
      subject: `Đề nghị ban hành công văn đôn đốc số ${no}: ${f.agencyName} – ${f.dutyTitle.vi} (quá hạn ${n} ngày làm việc)`,
      body: [
        para(
          `${f.agencyName} chưa báo cáo kết quả thực hiện nhiệm vụ dưới đây (mục ${f.clause} của Kế hoạch), đã quá hạn ${n} ngày làm việc (hạn báo cáo: ${due}), mặc dù đã được nhắc việc và thông báo quá hạn đến Thủ trưởng cơ quan.`,
        ),
        para(
          `Công văn đôn đốc đã được ghi nhận với số ${no}. Đề nghị ${f.ictDepartment.vi} ký, ban hành và gửi Công văn đôn đốc số ${no} đến ${f.agencyName}, đôn đốc cơ quan khẩn trương hoàn thành nhiệm vụ và báo cáo kết quả.`,
        ),
      ],
      ...side(due, ACTION_VIEW, 'vi'),
    },
    en: {
      subject: `Formal urging letter No. ${no} to be issued: ${f.agencyName} – ${f.dutyTitle.en} (${workingDaysEn(n)} overdue)`,
      body: [
        para(
          `${f.agencyName} has not reported on the duty below (clause ${f.clause} of the plan); it is ${workingDaysEn(n)} overdue (report due: ${due}), despite reminders and an overdue notice to the head of the agency.`,
        ),
        para(
          `The formal urging letter has been recorded under No. ${no}. Please sign, issue and send urging letter No. ${no} to ${f.agencyName}, urging it to complete the duty and report the results without delay.`,
        ),
      ],
      ...side(due, ACTION_VIEW, 'en'),
    },
    showEvidence: false,
  };
}

function escalationPpcCopy(msg: Msg<'escalation-ppc'>, f: AssignmentFacts, due: string): Copy {
  const n = msg.workingDaysOverdue;
  const no = msg.letterNumber;
  return {
    vi: {
      subject: `Báo cáo cơ quan chưa thực hiện nhiệm vụ: ${f.agencyName} – ${f.dutyTitle.vi} (đã đôn đốc tại Công văn số ${no})`,
      body: [
        para(
          `${f.ictDepartment.vi} báo cáo: ${f.agencyName} chưa thực hiện, chưa báo cáo kết quả nhiệm vụ dưới đây theo mục ${f.clause} của Kế hoạch, đã quá hạn ${n} ngày làm việc (hạn báo cáo: ${due}), mặc dù đã được đôn đốc tại Công văn số ${no}.`,
        ),
        para('Kính đề nghị Văn phòng UBND tỉnh tổng hợp, báo cáo Chủ tịch UBND tỉnh xem xét, chỉ đạo.'),
      ],
      ...side(due, ACTION_VIEW, 'vi'),
    },
    en: {
      subject: `Non-compliance report: ${f.agencyName} – ${f.dutyTitle.en} (urged by letter No. ${no})`,
      body: [
        para(
          `${capitalise(f.ictDepartment.en)} reports that ${f.agencyName} has not carried out or reported on the duty below under clause ${f.clause} of the plan; it is ${workingDaysEn(n)} overdue (report due: ${due}), despite urging letter No. ${no}.`,
        ),
        para(
          'We kindly ask the Office to bring this to the attention of the Chairman of the Provincial People’s Committee for consideration and direction.',
        ),
      ],
      ...side(due, ACTION_VIEW, 'en'),
    },
    showEvidence: false,
  };
}

function returnedCopy(msg: Msg<'returned'>, f: AssignmentFacts, due: string): Copy {
  return {
    vi: {
      subject: `Báo cáo cần bổ sung, hoàn thiện: ${f.dutyTitle.vi} (${periodIn(f, 'vi')}, hạn ${due})`,
      body: [
        para(
          `Báo cáo kết quả thực hiện nhiệm vụ dưới đây của ${f.agencyName} (mục ${f.clause} của Kế hoạch) chưa đạt yêu cầu và được trả lại để bổ sung, hoàn thiện.`,
        ),
        ...quoted('Lý do', msg.reason),
        para(
          `Nhiệm vụ được coi là chưa hoàn thành cho đến khi ${f.agencyName} gửi lại báo cáo đã bổ sung, hoàn thiện. Hạn báo cáo: ${due}.`,
        ),
      ],
      ...side(due, ACTION_RESUBMIT, 'vi'),
    },
    en: {
      subject: `Report returned for revision: ${f.dutyTitle.en} (${periodIn(f, 'en')}, due ${due})`,
      body: [
        para(
          `The report of ${f.agencyName} on the duty below (clause ${f.clause} of the plan) has been returned for revision.`,
        ),
        ...quoted('Reason', msg.reason),
        para(
          `The duty counts as not completed until ${f.agencyName} resubmits the revised report. Report due: ${due}.`,
        ),
      ],
      ...side(due, ACTION_RESUBMIT, 'en'),
    },
    showEvidence: true,
  };
}

function acceptedCopy(msg: Msg<'accepted'>, f: AssignmentFacts, due: string): Copy {
  const onTimeVi = msg.doneOnTime ? 'hoàn thành đúng hạn' : 'hoàn thành quá hạn';
  const onTimeEn = msg.doneOnTime ? 'completed on time' : 'completed late';
  const short = msg.shortfalls;
  const shortfallBlocks = (lang: Lang): Block[] => {
    if (short.length === 0) {
      return [];
    }
    const items = short.map((s) => `${s.label[lang]}: ${formatNumber(s.actual, lang)}/${formatNumber(s.target, lang)}`);
    return lang === 'vi'
      ? [
          {
            kind: 'list',
            label:
              'Báo cáo được chấp nhận mặc dù kết quả chưa đạt chỉ tiêu đối với các nội dung sau (thực hiện/chỉ tiêu)',
            items,
          },
          para(
            f.binding
              ? `Đề nghị ${f.agencyName} tiếp tục triển khai để bảo đảm đạt chỉ tiêu trong các kỳ tiếp theo.`
              : `Kính đề nghị ${f.agencyName} quan tâm, tiếp tục triển khai để bảo đảm đạt chỉ tiêu trong các kỳ tiếp theo.`,
          ),
        ]
      : [
          {
            kind: 'list',
            label: 'The report was accepted although the following targets were not met (actual/target)',
            items,
          },
          para(
            f.binding
              ? `${f.agencyName} is requested to keep working to meet the targets in the coming periods.`
              : `We kindly ask ${f.agencyName} to keep working to meet the targets in the coming periods.`,
          ),
        ];
  };
  return {
    vi: {
      subject: `Báo cáo đã được chấp nhận: ${f.dutyTitle.vi} (${periodIn(f, 'vi')}) – ${onTimeVi}${short.length > 0 ? ', chưa đạt chỉ tiêu' : ''}`,
      body: [
        para(
          `Báo cáo kết quả thực hiện nhiệm vụ dưới đây của ${f.agencyName} (mục ${f.clause} của Kế hoạch) đã được chấp nhận. Nhiệm vụ được ghi nhận ${onTimeVi} (hạn báo cáo: ${due}).`,
        ),
        ...shortfallBlocks('vi'),
      ],
      ...side(due, ACTION_VIEW, 'vi'),
    },
    en: {
      subject: `Report accepted: ${f.dutyTitle.en} (${periodIn(f, 'en')}) – ${onTimeEn}${short.length > 0 ? ', target not met' : ''}`,
      body: [
        para(
          `The report of ${f.agencyName} on the duty below (clause ${f.clause} of the plan) has been accepted. The duty is recorded as ${onTimeEn} (report due: ${due}).`,
        ),
        ...shortfallBlocks('en'),
      ],
      ...side(due, ACTION_VIEW, 'en'),
    },
    showEvidence: false,
  };
}

function extensionDecidedCopy(msg: Msg<'extension-decided'>, f: AssignmentFacts, due: string): Copy {
  if (!msg.approved) {
    return {
      vi: {
        subject: `Không đồng ý gia hạn: ${f.dutyTitle.vi} – giữ nguyên hạn ${due}`,
        body: [
          para(
            `Không đồng ý gia hạn thời hạn báo cáo nhiệm vụ dưới đây của ${f.agencyName} (mục ${f.clause} của Kế hoạch). Hạn báo cáo giữ nguyên: ${due}.`,
          ),
          ...quoted('Ghi chú', msg.note),
          para(
            f.binding
              ? `Đề nghị ${f.agencyName} khẩn trương hoàn thành nhiệm vụ và báo cáo đúng hạn.`
              : `Kính đề nghị ${f.agencyName} quan tâm, hoàn thành nhiệm vụ và báo cáo đúng hạn.`,
          ),
        ],
        ...side(due, ACTION_REPORT, 'vi'),
      },
      en: {
        subject: `Extension refused: ${f.dutyTitle.en} – deadline unchanged (${due})`,
        body: [
          para(
            `The request of ${f.agencyName} to extend the deadline of the duty below (clause ${f.clause} of the plan) has been refused. The deadline is unchanged: ${due}.`,
          ),
          ...quoted('Note', msg.note),
          para(
            f.binding
              ? `${f.agencyName} is requested to complete the duty and report on time.`
              : `We kindly ask ${f.agencyName} to complete the duty and report on time.`,
          ),
        ],
        ...side(due, ACTION_REPORT, 'en'),
      },
      showEvidence: true,
    };
  }
  // The caller may already have moved facts.dueDate to the new deadline; then there is no "old" one to show.
  const newDue = formatVietnameseDate(msg.newDueDate ?? f.dueDate);
  const moved = newDue !== due;
  return {
    vi: {
      subject: `Đồng ý gia hạn: ${f.dutyTitle.vi} – hạn mới ${newDue}`,
      body: [
        para(
          `Đồng ý gia hạn thời hạn báo cáo nhiệm vụ dưới đây của ${f.agencyName} (mục ${f.clause} của Kế hoạch) đến ngày ${newDue}${moved ? ` (hạn cũ: ${due})` : ''}.`,
        ),
        ...quoted('Ghi chú', msg.note),
      ],
      deadline: moved ? `Hạn báo cáo mới: ${newDue} (hạn cũ: ${due})` : `Hạn báo cáo mới: ${newDue}`,
      action: ACTION_REPORT.vi,
    },
    en: {
      subject: `Extension approved: ${f.dutyTitle.en} – new deadline ${newDue}`,
      body: [
        para(
          `The deadline of ${f.agencyName} for the duty below (clause ${f.clause} of the plan) is extended to ${newDue}${moved ? ` (previously ${due})` : ''}.`,
        ),
        ...quoted('Note', msg.note),
      ],
      deadline: moved ? `New deadline: ${newDue} (previously ${due})` : `New deadline: ${newDue}`,
      action: ACTION_REPORT.en,
    },
    showEvidence: true,
  };
}

/** The deadline moved off a day the calendar change made a day off; the body says why, in words. */
function deadlineMovedCopy(msg: Msg<'deadline-moved'>, f: AssignmentFacts): Copy {
  const from = formatVietnameseDate(msg.from);
  const to = formatVietnameseDate(msg.to);
  return {
    vi: {
      subject: `Điều chỉnh hạn báo cáo: ${f.dutyTitle.vi} – hạn mới ${to}`,
      body: [
        para(
          `Lịch làm việc năm ${msg.from.slice(0, 4)} được điều chỉnh: ngày ${from} trở thành ngày nghỉ. Hạn báo cáo nhiệm vụ dưới đây của ${f.agencyName} (mục ${f.clause} của Kế hoạch) được chuyển sang ngày làm việc tiếp theo: ${to} (Bộ luật Dân sự 2015, Điều 148, khoản 5).`,
        ),
      ],
      deadline: `Hạn báo cáo mới: ${to} (hạn cũ: ${from})`,
      action: ACTION_REPORT.vi,
    },
    en: {
      subject: `Deadline moved: ${f.dutyTitle.en} – new deadline ${to}`,
      body: [
        para(
          `The ${msg.from.slice(0, 4)} working calendar has changed: ${from} is now a day off. The deadline of ${f.agencyName} for the duty below (clause ${f.clause} of the plan) moves to the next working day: ${to} (Civil Code 2015, art. 148(5)).`,
        ),
      ],
      deadline: `New deadline: ${to} (previously ${from})`,
      action: ACTION_REPORT.en,
    },
    showEvidence: true,
  };
}

function reportArrivedCopy(msg: Msg<'report-arrived'>, f: AssignmentFacts, due: string): Copy {
  const short = msg.shortfalls;
  const items = (lang: Lang): string[] =>
    short.map((s) =>
      lang === 'vi'
        ? `${s.label.vi}: ${formatNumber(s.actual, 'vi')}/${formatNumber(s.target, 'vi')}`
        : `${s.label.en}: ${formatNumber(s.actual, 'en')}/${formatNumber(s.target, 'en')}`,
    );
  const sentVi = msg.resubmission
    ? 'đã gửi lại báo cáo sau khi bổ sung, hoàn thiện'
    : 'đã gửi báo cáo kết quả thực hiện';
  const sentEn = msg.resubmission ? 'has resubmitted its revised report on' : 'has reported on';
  return {
    vi: {
      subject: `Báo cáo chờ duyệt: ${f.agencyName} – ${f.dutyTitle.vi} (${periodIn(f, 'vi')})`,
      body: [
        para(`${f.agencyName} ${sentVi} nhiệm vụ dưới đây (mục ${f.clause} của Kế hoạch). Hạn báo cáo: ${due}.`),
        ...(short.length
          ? [{ kind: 'list' as const, label: 'Chỉ tiêu chưa đạt (thực hiện/kế hoạch)', items: items('vi') }]
          : []),
        para(
          'Đề nghị cán bộ phụ trách xem xét, chấp nhận báo cáo hoặc trả lại để cơ quan bổ sung. Nhiệm vụ chỉ được tính là hoàn thành khi báo cáo được chấp nhận.',
        ),
      ],
      ...side(due, ACTION_REVIEW, 'vi'),
    },
    en: {
      subject: `Report awaiting review: ${f.agencyName} – ${f.dutyTitle.en} (${periodIn(f, 'en')})`,
      body: [
        para(`${f.agencyName} ${sentEn} the duty below (clause ${f.clause} of the plan). Report due: ${due}.`),
        ...(short.length
          ? [{ kind: 'list' as const, label: 'Targets not met (actual/target)', items: items('en') }]
          : []),
        para(
          'Please review it: accept the report, or return it for the agency to complete. The duty counts as done only once the report is accepted.',
        ),
      ],
      ...side(due, ACTION_REVIEW, 'en'),
    },
    showEvidence: false,
  };
}

function copyFor(msg: MailMessage): Copy {
  const f = msg.facts;
  const due = formatVietnameseDate(f.dueDate);
  switch (msg.kind) {
    case 'assigned':
      return assignedCopy(f, due);
    case 'reminder':
      return reminderCopy(msg, f, due);
    case 'due-today':
      return dueTodayCopy(f, due);
    case 'prod':
      return prodCopy(msg, f, due);
    case 'overdue-notice':
      return overdueNoticeCopy(msg, f, due);
    case 'escalation-ict':
      return escalationIctCopy(msg, f, due);
    case 'escalation-ppc':
      return escalationPpcCopy(msg, f, due);
    case 'returned':
      return returnedCopy(msg, f, due);
    case 'accepted':
      return acceptedCopy(msg, f, due);
    case 'extension-decided':
      return extensionDecidedCopy(msg, f, due);
    case 'report-arrived':
      return reportArrivedCopy(msg, f, due);
    case 'deadline-moved':
      return deadlineMovedCopy(msg, f);
    default:
      return assertNever(msg);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown mail kind: ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------------------
// Rendering: plain text and HTML from the copy and the facts.
// ---------------------------------------------------------------------------

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const esc = escapeHtml;

/** Escapes, keeping the line breaks of human-written text. */
function escLines(s: string): string {
  return esc(s).replace(/\r?\n/g, '<br>');
}

function textSection(
  f: AssignmentFacts,
  s: Side,
  lang: Lang,
  showEvidence: boolean,
  addressee: { vi: string; en: string },
): string[] {
  const l = LABELS[lang];
  const out: string[] = [`${l.to}: ${addressee[lang]}.`, ''];
  for (const b of s.body) {
    switch (b.kind) {
      case 'para':
        out.push(b.text, '');
        break;
      case 'quote':
        out.push(`${b.label}:`, `“${b.text}”`, '');
        break;
      case 'list':
        out.push(`${b.label}:`, ...b.items.map((i) => `- ${i}`), '');
        break;
    }
  }
  const reporting = reportingMonthWindow(f.periodKey, lang);
  out.push(
    `${l.duty}: ${f.dutyTitle[lang]} (${l.clause} ${f.clause})`,
    `${l.period}: ${periodName(f.periodKey, lang)}`,
    ...(reporting ? [`${reporting.label}: ${reporting.window}`] : []),
    s.deadline,
  );
  if (showEvidence && f.evidence.length > 0) {
    out.push(`${l.evidence}:`, ...f.evidence.map((e) => `- ${e[lang]}`));
  }
  if (!f.binding) {
    out.push(`(${l.requested})`);
  }
  out.push('', `${s.action}: ${f.link}`);
  return out;
}

function htmlSection(
  f: AssignmentFacts,
  s: Side,
  lang: Lang,
  showEvidence: boolean,
  addressee: { vi: string; en: string },
): string {
  const l = LABELS[lang];
  const reporting = reportingMonthWindow(f.periodKey, lang);
  const list = (items: string[]): string => `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
  const body = s.body
    .map((b) => {
      switch (b.kind) {
        case 'para':
          return `<p>${esc(b.text)}</p>`;
        case 'quote':
          return `<p><b>${esc(b.label)}:</b></p><blockquote>${escLines(b.text)}</blockquote>`;
        case 'list':
          return `<p><b>${esc(b.label)}:</b></p>${list(b.items)}`;
      }
    })
    .join('');
  return (
    `<div lang="${lang}"><p>${l.to}: ${esc(addressee[lang])}.</p>${body}` +
    `<p><b>${l.duty}:</b> ${esc(f.dutyTitle[lang])} (${l.clause} ${esc(f.clause)})` +
    `<br><b>${l.period}:</b> ${esc(periodName(f.periodKey, lang))}` +
    (reporting ? `<br><b>${esc(reporting.label)}:</b> ${esc(reporting.window)}` : '') +
    `<br>${esc(s.deadline)}</p>` +
    (showEvidence && f.evidence.length > 0
      ? `<p><b>${l.evidence}:</b></p>${list(f.evidence.map((e) => e[lang]))}`
      : '') +
    (f.binding ? '' : `<p><i>${esc(l.requested)}</i></p>`) +
    // A short link text: the address itself is some 200 characters of token.
    `<p><a href="${esc(f.link)}"><b>${esc(s.action)}</b></a></p></div>`
  );
}

/** Renders an email: Vietnamese first, English below, as HTML and plain text (NFC throughout). */
export function renderMail(msg: MailMessage): RenderedMail {
  const f = msg.facts;
  const c = copyFor(msg);
  const to = addresseeOf(msg);
  // A subject is one header line: collapse any line break an interpolated name might carry.
  const subject = `${c.vi.subject} / ${c.en.subject}`.replace(/\s+/g, ' ').trim();
  const text = [
    ...textSection(f, c.vi, 'vi', c.showEvidence, to),
    '',
    '---',
    '',
    ...textSection(f, c.en, 'en', c.showEvidence, to),
    '',
    signature(f),
  ].join('\n');
  const html =
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body>` +
    htmlSection(f, c.vi, 'vi', c.showEvidence, to) +
    '<hr>' +
    htmlSection(f, c.en, 'en', c.showEvidence, to) +
    `<p style="color:#666">${esc(signature(f))}</p></body></html>`;
  return { subject: subject.normalize('NFC'), text: text.normalize('NFC'), html: html.normalize('NFC') };
}
