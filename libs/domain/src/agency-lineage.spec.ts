import {
  ictDepartmentOn,
  predecessorsOf,
  resolveAddressees,
  type KindSuccession,
  type RegistryAgency,
} from './agency-lineage';

const agency = (code: string, kind: string, extra: Partial<RegistryAgency> = {}): RegistryAgency => ({
  code,
  name: code,
  kind,
  validFrom: null,
  validTo: null,
  successorCode: null,
  ...extra,
});

const registry: RegistryAgency[] = [
  agency('so-thong-tin-va-truyen-thong', 'department', { validTo: '2025-02-28', successorCode: 'so-khoa-hoc' }),
  agency('so-khoa-hoc', 'department'),
  agency('ban-a', 'party', { validTo: '2025-02-10', successorCode: 'ban-ab' }),
  agency('ban-b', 'party', { validTo: '2025-02-10', successorCode: 'ban-ab' }),
  agency('ban-ab', 'party', { validFrom: '2025-02-11' }),
  agency('huyen-1', 'district', { validTo: '2025-06-30' }),
  agency('huyen-2', 'district', { validTo: '2024-12-31', successorCode: 'huyen-1' }),
  agency('xa-1', 'commune', { validFrom: '2025-07-01' }),
  agency('xa-2', 'commune', { validFrom: '2025-07-01' }),
  agency('nhom-bao-chi', 'central-press', { subtype: 'group' }),
  agency('so-cu', 'department', { validTo: '2023-12-31' }),
  agency('so-moi', 'department', { validFrom: '2026-01-01' }),
];

const succession: KindSuccession = {
  from: 'district',
  to: 'commune',
  effective: '2025-07-01',
  basis: { vi: 'căn cứ', en: 'basis' },
  lapses: { 'district-radio': { vi: 'không còn đài huyện', en: 'no district radio' } },
};

const codes = (duty: { code: string; addressees: { kinds?: string[]; codes?: string[] } }, date: string): string[] =>
  resolveAddressees(duty, registry, date, [succession]).addressees.map((a) => a.code);

describe('resolveAddressees', () => {
  it('gives a named body while in force, its successor after it ended', () => {
    const duty = { code: 'd', addressees: { codes: ['so-thong-tin-va-truyen-thong'] } };
    expect(codes(duty, '2025-02-28')).toEqual(['so-thong-tin-va-truyen-thong']);
    const after = resolveAddressees(duty, registry, '2025-03-01', [succession]);
    expect(after.addressees).toEqual([
      { code: 'so-khoa-hoc', route: 'successor', from: 'so-thong-tin-va-truyen-thong' },
    ]);
    expect(after.notes[0].vi).toContain('kết thúc hoạt động ngày 28/02/2025');
  });

  it('gives two merged bodies once to their common successor', () => {
    expect(codes({ code: 'd', addressees: { codes: ['ban-a', 'ban-b'] } }, '2025-02-10')).toEqual(['ban-a', 'ban-b']);
    expect(codes({ code: 'd', addressees: { codes: ['ban-a', 'ban-b'], kinds: ['party'] } }, '2025-02-11')).toEqual([
      'ban-ab',
    ]);
  });

  it('never gives a body a duty outside its validity', () => {
    expect(codes({ code: 'd', addressees: { kinds: ['department'] } }, '2024-06-01')).toEqual([
      'so-khoa-hoc',
      'so-thong-tin-va-truyen-thong',
    ]);
    expect(codes({ code: 'd', addressees: { kinds: ['department'] } }, '2026-01-01')).toEqual([
      'so-khoa-hoc',
      'so-moi',
    ]);
  });

  it('explains a named body that does not exist yet, or ended without a successor', () => {
    const early = resolveAddressees({ code: 'd', addressees: { codes: ['so-moi'] } }, registry, '2025-12-31');
    expect(early.addressees).toEqual([]);
    expect(early.noAddresseeReason?.vi).toBe('so-moi chỉ hoạt động từ ngày 01/01/2026');
    const ended = resolveAddressees({ code: 'd', addressees: { codes: ['so-cu'] } }, registry, '2025-01-01');
    expect(ended.noAddresseeReason?.en).toBe('so-cu has ended and has no successor');
  });

  it('passes the duties of an abolished kind to the kind that took them over', () => {
    const duty = { code: 'yearly-plan', addressees: { kinds: ['district'] } };
    expect(codes(duty, '2024-12-31')).toEqual(['huyen-1', 'huyen-2']);
    expect(codes(duty, '2025-01-01')).toEqual(['huyen-1']);
    const after = resolveAddressees(duty, registry, '2025-07-01', [succession]);
    expect(after.addressees.map((a) => [a.code, a.route])).toEqual([
      ['xa-1', 'kind-succession'],
      ['xa-2', 'kind-succession'],
    ]);
    expect(after.notes[0].vi).toContain('chuyển cho UBND cấp xã: căn cứ');
  });

  it('lets a duty lapse with its stated reason instead of passing on', () => {
    const after = resolveAddressees(
      { code: 'district-radio', addressees: { kinds: ['district'] } },
      registry,
      '2025-07-01',
      [succession],
    );
    expect(after.addressees).toEqual([]);
    expect(after.noAddresseeReason).toEqual({ vi: 'không còn đài huyện', en: 'no district radio' });
  });

  it('explains a kind with no member in force', () => {
    const r = resolveAddressees({ code: 'radio', addressees: { kinds: ['commune'] } }, registry, '2025-06-30', [
      succession,
    ]);
    expect(r.addressees).toEqual([]);
    expect(r.noAddresseeReason?.vi).toBe('Không có UBND cấp xã nào trong danh mục còn hoạt động vào ngày 30/06/2025');
  });

  it('lets a group stand in until its members are registered', () => {
    const duty = { code: 'press', addressees: { kinds: ['central-press'] } };
    expect(codes(duty, '2026-01-01')).toEqual(['nhom-bao-chi']);
    const withOffice = [...registry, agency('vp-bao-x', 'central-press', { parentCode: 'nhom-bao-chi' })];
    expect(resolveAddressees(duty, withOffice, '2026-01-01').addressees.map((a) => a.code)).toEqual(['vp-bao-x']);
  });

  it('skips deactivated agencies and a body whose successor is named without an end date', () => {
    const edited = [
      agency('so-x', 'department', { successorCode: 'so-y' }),
      agency('so-y', 'department'),
      agency('so-z', 'department', { active: false }),
    ];
    expect(
      resolveAddressees({ code: 'd', addressees: { kinds: ['department'] } }, edited, '2026-01-01').addressees,
    ).toEqual([{ code: 'so-y', route: 'kind', from: 'department' }]);
  });
});

describe('ictDepartmentOn', () => {
  it('is whoever holds the standing role on the date', () => {
    expect(ictDepartmentOn(registry, '2025-02-28')?.code).toBe('so-thong-tin-va-truyen-thong');
    expect(ictDepartmentOn(registry, '2025-03-01')?.code).toBe('so-khoa-hoc');
    expect(ictDepartmentOn(registry, '2026-11-30')?.code).toBe('so-khoa-hoc');
  });
});

describe('predecessorsOf', () => {
  it('gives the bodies whose duties an agency took over, at any depth; none for a body that took over nothing', () => {
    expect(predecessorsOf('ban-ab', registry)).toEqual(['ban-a', 'ban-b']);
    expect(predecessorsOf('huyen-1', registry)).toEqual(['huyen-2']);
    expect(predecessorsOf('so-khoa-hoc', registry)).toEqual(['so-thong-tin-va-truyen-thong']);
    expect(predecessorsOf('xa-1', registry)).toEqual([]);
  });
});
