import { escapeHtml as esc } from '../../../libs/mail/src/templates';

/** Why an emailed link cannot open the agency page. */
export type LinkProblem = 'expired' | 'revoked' | 'invalid' | 'not-found';

/** HTTP status of each problem: gone for good, refused, or nothing there. */
export const LINK_PROBLEM_STATUS: Record<LinkProblem, number> = {
  expired: 410,
  revoked: 403,
  invalid: 403,
  'not-found': 404,
};

interface Side {
  title: string;
  why: string;
  next: string[];
}

/** Who to ask for a new link: the ICT department as the registry names it, with its address. */
export interface LinkContact {
  name: string;
  email: string | null;
}

function copy(problem: LinkProblem, ttlDays: number, contact: LinkContact): { vi: Side; en: Side } {
  const askVi = contact.email
    ? `Nếu không còn thư nào, liên hệ ${contact.name} (${contact.email}) để được gửi lại liên kết.`
    : `Nếu không còn thư nào, liên hệ ${contact.name} để được gửi lại liên kết.`;
  const askEn = contact.email
    ? `If you have no such email, ask ${contact.name} (${contact.email}) to send the link again.`
    : `If you have no such email, ask ${contact.name} to send the link again.`;
  const latestVi = 'Mở thư gần nhất của hệ thống dondoc gửi cơ quan và bấm vào liên kết trong thư đó.';
  const latestEn = 'Open the latest email dondoc sent your agency and click the link in it.';
  switch (problem) {
    case 'expired':
      return {
        vi: {
          title: 'Liên kết đã hết hạn',
          why: `Mỗi liên kết trong thư có hiệu lực ${ttlDays} ngày; liên kết này đã quá thời hạn đó.`,
          next: [latestVi + ' Mỗi thư nhắc, thư đôn đốc mang một liên kết mới.', askVi],
        },
        en: {
          title: 'This link has expired',
          why: `Each emailed link is valid for ${ttlDays} days; this one is older.`,
          next: [latestEn + ' Every reminder carries a fresh link.', askEn],
        },
      };
    case 'revoked':
      return {
        vi: {
          title: 'Liên kết đã bị thu hồi',
          why: 'Liên kết này đã được thay bằng liên kết mới (khi cơ quan đổi cán bộ đầu mối hoặc khi Sở thu hồi các liên kết cũ).',
          next: [latestVi, askVi],
        },
        en: {
          title: 'This link has been revoked',
          why: 'It was replaced by a new link (when the agency changed its contact person or the department revoked old links).',
          next: [latestEn, askEn],
        },
      };
    case 'invalid':
      return {
        vi: {
          title: 'Liên kết không hợp lệ',
          why: 'Liên kết không đầy đủ hoặc đã bị thay đổi, thường do chép thiếu một phần khi sao chép.',
          next: ['Bấm trực tiếp vào liên kết trong thư; nếu phải sao chép, hãy chép nguyên cả dòng liên kết.', askVi],
        },
        en: {
          title: 'This link is not valid',
          why: 'It is incomplete or was altered, usually because part of it was lost when copying.',
          next: ['Click the link in the email itself; if you copy it, copy the whole line.', askEn],
        },
      };
    case 'not-found':
      return {
        vi: {
          title: 'Không tìm thấy nhiệm vụ',
          why: 'Nhiệm vụ của liên kết này không còn (đã được hủy hoặc giao lại cho cơ quan khác).',
          next: [latestVi, askVi],
        },
        en: {
          title: 'Assignment not found',
          why: 'The assignment of this link no longer exists (it was cancelled or re-assigned).',
          next: [latestEn, askEn],
        },
      };
  }
}

/**
 * The page an agency sees when its emailed link cannot open: what happened and what to do next,
 * in Vietnamese then English, styled by the web app's own stylesheet (`stylesheets`: the
 * `<link rel="stylesheet">` tags of the built app), with no script.
 */
export function linkProblemPage(
  problem: LinkProblem,
  opts: { ttlDays: number; contact: LinkContact; stylesheets: string },
): string {
  const c = copy(problem, opts.ttlDays, opts.contact);
  const section = (s: Side, lang: 'vi' | 'en', heading: 'h1' | 'h2'): string =>
    `<section lang="${lang}" class="link-problem">` +
    `<${heading}>${esc(s.title)}</${heading}>` +
    `<div class="error" role="${heading === 'h1' ? 'alert' : 'note'}"><p>${esc(s.why)}</p></div>` +
    `<h${heading === 'h1' ? 2 : 3}>${lang === 'vi' ? 'Cần làm gì' : 'What to do'}</h${heading === 'h1' ? 2 : 3}>` +
    `<ol>${s.next.map((n) => `<li>${esc(n)}</li>`).join('')}</ol></section>`;
  return (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light">' +
    `<title>${esc(c.vi.title)} — dondoc</title>${opts.stylesheets}</head><body>` +
    '<header class="top agency-top"><span class="brand">dondoc</span></header>' +
    `<main id="main" class="agency">${section(c.vi, 'vi', 'h1')}<hr>${section(c.en, 'en', 'h2')}</main>` +
    '</body></html>'
  ).normalize('NFC');
}
