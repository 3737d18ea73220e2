import { daysBetween, periodLabelVi, summarise, viPercent } from './index';
import {
  HAC_THANH,
  HOANG_LOC,
  NHAN_DAN,
  QUANG_PHU,
  SHORTFALL_LABEL,
  TTXVN,
  emptyReport,
  novemberReport,
} from './period-report.fixture';

describe('summarise', () => {
  const s = summarise(novemberReport());

  it('counts binding duties per category, with exact rates', () => {
    expect(s.totals.counts).toEqual({ 'open-on-time': 1, 'open-overdue': 2, 'done-on-time': 2, 'done-late': 1 });
    expect(s.totals.total).toBe(6);
    expect(s.totals.done).toBe(3);
    expect(s.totals.complianceRate).toBe(0.5);
    expect(s.totals.onTimeRate).toBeCloseTo(1 / 3, 12);
    expect(s.agencyCount).toBe(8);
    expect(s.asOf).toBe('2026-12-10');
    expect(s.periodLabel).toBe('tháng 11/2026 (từ 1/11/2026 đến 30/11/2026)');
    expect(s.reportingMonth).toEqual({
      label: 'Số liệu báo cáo tháng',
      window: 'từ 15/10/2026 đến 14/11/2026 (Nghị định 09/2019/NĐ-CP)',
    });
  });

  it('keeps requested ("Đề nghị") duties out of the rates', () => {
    expect(s.requested.counts).toEqual({ 'open-on-time': 0, 'open-overdue': 1, 'done-on-time': 1, 'done-late': 0 });
    expect(s.requested.total).toBe(2);
    expect(s.requested.complianceRate).toBe(0.5);
    // 6 binding rows, not 8: the requested overdue row is not non-compliance.
    expect(s.totals.total + s.requested.total).toBe(8);
  });

  it('tallies per agency kind', () => {
    expect(s.byAgencyKind.map((k) => [k.kind, k.label, k.agencies, k.binding.total, k.requested.total])).toEqual([
      ['commune', 'UBND các xã, phường, thị trấn', 6, 6, 0],
      ['central-press', 'Các cơ quan báo chí Trung ương thường trú', 2, 0, 2],
    ]);
    expect(s.byAgencyKind[0].binding.complianceRate).toBe(0.5);
    expect(s.byAgencyKind[1].binding.complianceRate).toBe(0);
    expect(s.byAgencyKind[1].requested.done).toBe(1);
  });

  it('tallies per agency, communes first', () => {
    expect(s.byAgency).toHaveLength(8);
    expect(s.byAgency.slice(0, 6).every((a) => a.agency.kind === 'commune')).toBe(true);
    const hoangLoc = s.byAgency.find((a) => a.agency.code === HOANG_LOC.code)!;
    expect(hoangLoc.binding.counts['done-on-time']).toBe(1);
    expect(hoangLoc.binding.complianceRate).toBe(1);
    expect(hoangLoc.binding.onTimeRate).toBe(1);
    const quangPhu = s.byAgency.find((a) => a.agency.code === QUANG_PHU.code)!;
    expect(quangPhu).toMatchObject({ silent: true, submitted: 0 });
    expect(quangPhu.binding.complianceRate).toBe(0);
    const hacThanh = s.byAgency.find((a) => a.agency.code === HAC_THANH.code)!;
    expect(hacThanh).toMatchObject({ silent: false, submitted: 1 });
  });

  it('tallies per duty in clause order (V.8 before V.10)', () => {
    expect(s.byDuty.map((d) => [d.duty.code, d.agencies, d.tally.total, d.tally.complianceRate])).toEqual([
      ['v8-commune-radio', 6, 6, 0.5],
      ['v10-central-press', 2, 2, 0.5],
    ]);
    expect(s.byDuty[0].tally.counts).toEqual({
      'open-on-time': 1,
      'open-overdue': 2,
      'done-on-time': 2,
      'done-late': 1,
    });
  });

  it('lists overdue rows by escalation level, binding apart from requested', () => {
    expect(s.overdue.binding.map((o) => [o.agency.code, o.escalationLevel, o.daysOverdue])).toEqual([
      [QUANG_PHU.code, 2, 7],
      [HAC_THANH.code, 1, 7],
    ]);
    expect(s.overdue.requested.map((o) => [o.agency.code, o.daysOverdue, o.duty.binding])).toEqual([
      [TTXVN.code, 5, false],
    ]);
  });

  it('lists agencies with no submission at all as silent', () => {
    expect(s.silent.binding.map((a) => [a.agency.code, a.earliestDueDate, a.daysOverdue, a.escalationLevel])).toEqual([
      [QUANG_PHU.code, '2026-12-03', 7, 2],
    ]);
    expect(s.silent.requested.map((a) => a.agency.code)).toEqual([TTXVN.code]);
    // Nhân Dân reported; Sầm Sơn and Hạc Thành submitted (then were sent back): not silent.
    const silentCodes = [...s.silent.binding, ...s.silent.requested].map((a) => a.agency.code);
    expect(silentCodes).not.toContain(NHAN_DAN.code);
    expect(silentCodes).not.toContain(HAC_THANH.code);
  });

  it('lists shortfalls', () => {
    expect(s.shortfalls).toEqual([
      {
        agency: HOANG_LOC,
        duty: expect.objectContaining({ code: 'v8-commune-radio', clause: 'V.8', binding: true }),
        label: SHORTFALL_LABEL,
        target: 4,
        actual: 2,
        gap: 2,
        achievementRate: 0.5,
      },
    ]);
  });

  it('gives zero rates, not NaN, for an empty period', () => {
    const e = summarise(emptyReport());
    expect(e.totals).toEqual({
      counts: { 'open-on-time': 0, 'open-overdue': 0, 'done-on-time': 0, 'done-late': 0 },
      total: 0,
      done: 0,
      complianceRate: 0,
      onTimeRate: 0,
    });
    expect(e.requested.complianceRate).toBe(0);
    expect(e.byAgency).toEqual([]);
    expect(e.byAgencyKind).toEqual([]);
    expect(e.byDuty).toEqual([]);
    expect(e.overdue).toEqual({ binding: [], requested: [] });
    expect(e.silent).toEqual({ binding: [], requested: [] });
    expect(e.shortfalls).toEqual([]);
    expect(e.periodLabel).toBe('quý IV/2026 (số liệu từ 15/9/2026 đến 14/12/2026)');
    expect(e.reportingMonth).toBeNull();
  });

  it('rejects an unknown category and a bad generatedAt', () => {
    const bad = novemberReport();
    (bad.rows[0] as { category: string }).category = 'cancelled';
    expect(() => summarise(bad)).toThrow(RangeError);
    expect(() => summarise({ ...emptyReport(), generatedAt: 'yesterday' })).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('names periods in Vietnamese with their window', () => {
    expect(periodLabelVi({ key: '2026-H1', kind: 'half', start: '2025-12-15', end: '2026-06-14' })).toBe(
      '6 tháng đầu năm 2026 (số liệu từ 15/12/2025 đến 14/6/2026)',
    );
    expect(periodLabelVi({ key: '2026-H2', kind: 'half', start: '2026-06-15', end: '2026-12-14' })).toBe(
      '6 tháng cuối năm 2026 (số liệu từ 15/6/2026 đến 14/12/2026)',
    );
    expect(periodLabelVi({ key: '2026', kind: 'year', start: '2025-12-15', end: '2026-12-14' })).toBe(
      'năm 2026 (số liệu từ 15/12/2025 đến 14/12/2026)',
    );
    // A key that is no period (an ad-hoc request) keeps the window it was given.
    expect(periodLabelVi({ key: 'dot-kiem-tra', kind: 'month', start: '2026-03-02', end: '2026-03-20' })).toBe(
      'dot-kiem-tra (từ 2/3/2026 đến 20/3/2026)',
    );
  });

  it('formats rates and counts days', () => {
    expect(viPercent(1 / 3)).toBe('33,3%');
    expect(viPercent(0)).toBe('0,0%');
    expect(viPercent(Number.NaN)).toBe('0,0%');
    expect(daysBetween('2026-12-03', '2026-12-10')).toBe(7);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });
});

describe('summarise: waived and cancelled assignments', () => {
  it('leave every total and rate and are listed apart', () => {
    const data = novemberReport();
    const base = summarise(data);
    const [first, second] = data.rows;
    data.rows.push(
      { ...first, status: 'waived', category: 'done-on-time', duty: { ...first.duty, code: 'waived-duty' } },
      { ...second, status: 'cancelled', category: 'open-overdue', duty: { ...second.duty, code: 'cancelled-duty' } },
    );
    const s = summarise(data);
    expect(s.totals).toEqual(base.totals);
    expect(s.requested).toEqual(base.requested);
    expect(s.byAgencyKind).toEqual(base.byAgencyKind);
    expect(s.overdue).toEqual(base.overdue);
    expect(s.lifted.map((l) => [l.duty.code, l.status])).toEqual(
      expect.arrayContaining([
        ['waived-duty', 'waived'],
        ['cancelled-duty', 'cancelled'],
      ]),
    );
    expect(s.lifted).toHaveLength(2);
    expect(base.lifted).toEqual([]);
  });
});
