import type { PeriodReportData, PeriodReportRow } from './period-report.types';

/** Test data: November 2026, six communes on the monthly radio duty, two central press bodies requested. */
export const PLAN = {
  code: 'plan-nq06-thanh-hoa',
  title: {
    vi: 'Kế hoạch truyền thông thực hiện Nghị quyết số 06-NQ/TU ngày 10/11/2021 của Ban Thường vụ Tỉnh ủy về chuyển đổi số tỉnh Thanh Hóa đến năm 2025, định hướng đến năm 2030',
    en: 'Communication plan implementing Resolution No. 06-NQ/TU on the digital transformation of Thanh Hóa province',
  },
};

const RADIO = {
  code: 'v8-commune-radio',
  clause: 'V.8',
  title: 'Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã',
  binding: true,
};

const CENTRAL_PRESS = {
  code: 'v10-central-press',
  clause: 'V.10',
  title: 'Đưa tin, bài về chuyển đổi số của tỉnh trên báo chí Trung ương',
  binding: false,
};

function commune(code: string, name: string): PeriodReportRow['agency'] {
  return { code, name, kind: 'commune' };
}

function radio(agency: PeriodReportRow['agency'], over: Partial<PeriodReportRow>): PeriodReportRow {
  return {
    agency,
    duty: RADIO,
    category: 'open-on-time',
    status: 'assigned',
    dueDate: '2026-12-03',
    originalDueDate: '2026-12-03',
    submittedAt: null,
    escalationLevel: 0,
    shortfalls: [],
    ...over,
  };
}

export const DONG_SON = commune('xa-dong-son', 'UBND xã Đông Sơn');
export const HOANG_LOC = commune('xa-hoang-loc', 'UBND xã Hoằng Lộc');
export const NGA_SON = commune('xa-nga-son', 'UBND xã Nga Sơn');
/** Submitted, sent back for revision, now overdue: overdue but not silent. */
export const HAC_THANH = commune('phuong-hac-thanh', 'UBND phường Hạc Thành');
/** Never submitted and overdue: the silent agency. */
export const QUANG_PHU = commune('xa-quang-phu', 'UBND xã Quảng Phú');
/** Submitted, sent back, deadline extended: open on time. */
export const SAM_SON = commune('phuong-sam-son', 'UBND phường Sầm Sơn');

export const NHAN_DAN = {
  code: 'bao-nhan-dan-thuong-tru',
  name: 'Báo Nhân Dân thường trú tại Thanh Hóa',
  kind: 'central-press',
};
export const TTXVN = {
  code: 'ttxvn-thuong-tru',
  name: 'Thông tấn xã Việt Nam thường trú tại Thanh Hóa',
  kind: 'central-press',
};

export const SHORTFALL_LABEL = 'Số chương trình phát thanh về chuyển đổi số';

export function novemberReport(): PeriodReportData {
  return {
    plan: PLAN,
    period: { key: '2026-11', kind: 'month', start: '2026-11-01', end: '2026-11-30' },
    generatedAt: '2026-12-10T03:00:00.000Z', // 10:00 on 10/12/2026 in Vietnam
    rows: [
      radio(DONG_SON, { category: 'done-on-time', status: 'accepted', submittedAt: '2026-12-01T02:15:00.000Z' }),
      radio(HOANG_LOC, {
        category: 'done-on-time',
        status: 'accepted',
        submittedAt: '2026-12-02T08:40:00.000Z',
        shortfalls: [{ label: SHORTFALL_LABEL, target: 4, actual: 2 }],
        evidence: {
          submittedAt: '2026-12-02T08:40:00.000Z',
          actor: 'agency:xa-hoang-loc',
          values: [
            { label: SHORTFALL_LABEL, value: 2 },
            { label: 'Số lần phát lại', value: 3 },
          ],
          links: ['https://hoangloc.thanhhoa.gov.vn/chuyen-doi-so'],
          attachments: ['lich-phat-thanh-thang-11.pdf'],
          note: 'Tháng 11 mất điện 5 ngày',
        },
      }),
      radio(NGA_SON, {
        category: 'done-late',
        status: 'accepted',
        submittedAt: '2026-12-05T01:00:00.000Z',
        escalationLevel: 1,
      }),
      radio(HAC_THANH, {
        category: 'open-overdue',
        status: 'returned',
        submittedAt: '2026-12-02T03:00:00.000Z',
        escalationLevel: 1,
      }),
      radio(QUANG_PHU, { category: 'open-overdue', status: 'assigned', escalationLevel: 2 }),
      radio(SAM_SON, {
        category: 'open-on-time',
        status: 'returned',
        submittedAt: '2026-12-03T07:00:00.000Z',
        dueDate: '2026-12-15',
      }),
      {
        agency: NHAN_DAN,
        duty: CENTRAL_PRESS,
        category: 'done-on-time',
        status: 'accepted',
        dueDate: '2026-12-05',
        originalDueDate: '2026-12-05',
        submittedAt: '2026-12-04T09:00:00.000Z',
        escalationLevel: 0,
        shortfalls: [],
      },
      {
        agency: TTXVN,
        duty: CENTRAL_PRESS,
        category: 'open-overdue',
        status: 'assigned',
        dueDate: '2026-12-05',
        originalDueDate: '2026-12-05',
        submittedAt: null,
        escalationLevel: 0,
        shortfalls: [],
      },
    ],
  };
}

export function emptyReport(): PeriodReportData {
  return {
    plan: PLAN,
    period: { key: '2026-Q4', kind: 'quarter', start: '2026-09-15', end: '2026-12-14' },
    generatedAt: '2027-01-12T01:00:00.000Z',
    rows: [],
  };
}

/**
 * A province-wide month: the November rows, plus every commune of `communes` and two departments
 * on the monthly radio duty, none of them reported yet and not yet due (a period that has just
 * opened). Communes are given by the caller (the shipped registry), e.g. "Phường Hàm Rồng".
 */
export function provinceWideReport(communes: ReadonlyArray<{ code: string; name: string }>): PeriodReportData {
  const base = novemberReport();
  const notYetDue = (agency: PeriodReportRow['agency']): PeriodReportRow =>
    radio(agency, {
      category: 'open-on-time',
      status: 'assigned',
      dueDate: '2026-12-18',
      originalDueDate: '2026-12-18',
    });
  const departments = [
    { code: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department' },
    { code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department' },
  ];
  const taken = new Set(base.rows.map((r) => r.agency.code));
  return {
    ...base,
    rows: [
      ...base.rows,
      ...communes
        .filter((c) => !taken.has(c.code))
        .map((c) => notYetDue({ code: c.code, name: c.name, kind: 'commune' })),
      ...departments.map(notYetDue),
    ],
  };
}
