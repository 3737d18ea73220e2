import { formatVietnameseDate, type LocalDate } from '../../domain/src/local-date';

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
}

/** One type per message kind, so a template cannot be rendered with the wrong facts. */
export type MailMessage =
  | { kind: 'assigned'; facts: AssignmentFacts }
  | { kind: 'reminder'; facts: AssignmentFacts; workingDaysLeft: number }
  | { kind: 'due-today'; facts: AssignmentFacts };

export type MailKind = MailMessage['kind'];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface Copy {
  subjectVi: string;
  subjectEn: string;
  leadVi: string;
  leadEn: string;
}

function copyFor(msg: MailMessage): Copy {
  const f = msg.facts;
  const due = formatVietnameseDate(f.dueDate);
  switch (msg.kind) {
    case 'assigned':
      return {
        subjectVi: `Giao nhiệm vụ: ${f.dutyTitle.vi} (kỳ ${f.periodKey}, hạn ${due})`,
        subjectEn: `New assignment: ${f.dutyTitle.en} (period ${f.periodKey}, due ${due})`,
        leadVi: `${f.agencyName} được giao thực hiện nhiệm vụ dưới đây theo mục ${f.clause} của Kế hoạch. Hạn báo cáo: ${due}.`,
        leadEn: `${f.agencyName} is assigned the duty below under clause ${f.clause} of the plan. Report due: ${due}.`,
      };
    case 'reminder':
      return {
        subjectVi: `Nhắc việc: ${f.dutyTitle.vi} – còn ${msg.workingDaysLeft} ngày làm việc (hạn ${due})`,
        subjectEn: `Reminder: ${f.dutyTitle.en} – ${msg.workingDaysLeft} working day(s) left (due ${due})`,
        leadVi: `Nhiệm vụ dưới đây của ${f.agencyName} chưa được báo cáo. Còn ${msg.workingDaysLeft} ngày làm việc đến hạn ${due}.`,
        leadEn: `The duty below has not been reported by ${f.agencyName} yet. ${msg.workingDaysLeft} working day(s) remain until ${due}.`,
      };
    case 'due-today':
      return {
        subjectVi: `Đến hạn hôm nay: ${f.dutyTitle.vi} (hạn ${due})`,
        subjectEn: `Due today: ${f.dutyTitle.en} (due ${due})`,
        leadVi: `Hôm nay (${due}) là hạn báo cáo nhiệm vụ dưới đây của ${f.agencyName}.`,
        leadEn: `Today (${due}) is the deadline for ${f.agencyName} to report the duty below.`,
      };
  }
}

/** Renders an email: Vietnamese first, English below, as HTML and plain text. */
export function renderMail(msg: MailMessage): RenderedMail {
  const f = msg.facts;
  const c = copyFor(msg);
  const evidenceVi = f.evidence.map((e) => `- ${e.vi}`).join('\n');
  const evidenceEn = f.evidence.map((e) => `- ${e.en}`).join('\n');
  const requestedVi = f.binding ? '' : '\n(Nhiệm vụ theo đề nghị của UBND tỉnh.)';
  const requestedEn = f.binding ? '' : '\n(Requested by the Provincial People’s Committee.)';
  const text = [
    c.leadVi,
    '',
    `Nhiệm vụ: ${f.dutyTitle.vi} (mục ${f.clause})`,
    `Kỳ: ${f.periodKey}`,
    'Nội dung cần báo cáo:',
    evidenceVi,
    requestedVi,
    `Mở nhiệm vụ và báo cáo tại: ${f.link}`,
    '',
    '---',
    '',
    c.leadEn,
    '',
    `Duty: ${f.dutyTitle.en} (clause ${f.clause})`,
    `Period: ${f.periodKey}`,
    'What to report:',
    evidenceEn,
    requestedEn,
    `Open the assignment and report at: ${f.link}`,
    '',
    'Sở Thông tin và Truyền thông tỉnh Thanh Hóa – hệ thống đôn đốc dondoc',
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
  const list = (items: Array<{ vi: string; en: string }>, lang: 'vi' | 'en'): string =>
    `<ul>${items.map((e) => `<li>${esc(e[lang])}</li>`).join('')}</ul>`;
  const html =
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(c.subjectVi)}</title></head><body>` +
    `<div lang="vi"><p>${esc(c.leadVi)}</p>` +
    `<p><b>Nhiệm vụ:</b> ${esc(f.dutyTitle.vi)} (mục ${esc(f.clause)})<br><b>Kỳ:</b> ${esc(f.periodKey)}</p>` +
    `<p><b>Nội dung cần báo cáo:</b></p>${list(f.evidence, 'vi')}` +
    (f.binding ? '' : '<p><i>Nhiệm vụ theo đề nghị của UBND tỉnh.</i></p>') +
    `<p><a href="${esc(f.link)}">Mở nhiệm vụ và báo cáo</a></p></div><hr>` +
    `<div lang="en"><p>${esc(c.leadEn)}</p>` +
    `<p><b>Duty:</b> ${esc(f.dutyTitle.en)} (clause ${esc(f.clause)})<br><b>Period:</b> ${esc(f.periodKey)}</p>` +
    `<p><b>What to report:</b></p>${list(f.evidence, 'en')}` +
    (f.binding ? '' : '<p><i>Requested by the Provincial People’s Committee.</i></p>') +
    `<p><a href="${esc(f.link)}">Open the assignment and report</a></p></div>` +
    '<p style="color:#666">Sở Thông tin và Truyền thông tỉnh Thanh Hóa – hệ thống đôn đốc dondoc</p></body></html>';
  return { subject: `${c.subjectVi} / ${c.subjectEn}`, text, html };
}
