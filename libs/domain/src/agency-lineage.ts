/**
 * Who owes a duty on a date: the registry's lineage (validity windows,
 * successors) and the transfer of duties from an abolished kind of agency to
 * the kind that took them over. Pure functions over a snapshot of the
 * registry; the period opener, the plan page and the docs table all use them.
 */
import { ICT_DEPARTMENT_CODE, type AgencyKind } from './agency';
import { formatVietnameseDate, type LocalDate } from './local-date';

/** Vietnamese first, English for non-Vietnamese readers. */
export interface LocalizedText {
  vi: string;
  en: string;
}

/**
 * How far a lineage fact is established:
 * - `sourced`: backed by a source cited in the record;
 * - `to-confirm`: the sources do not settle it (SOURCES.md "Not verified"): an admin must;
 * - `confirmed` / `disputed`: an admin settled the question (recorded in the audit trail).
 */
export const LINEAGE_STATUSES = ['sourced', 'to-confirm', 'confirmed', 'disputed'] as const;
export type LineageStatus = (typeof LINEAGE_STATUSES)[number];

/** The fields of one agency the resolution needs (a registry row, by code). */
export interface RegistryAgency {
  code: string;
  name: string;
  kind: string;
  subtype?: string | null;
  parentCode?: string | null;
  /** First day in force (UTC+7 date, inclusive); null = before the registry's horizon. */
  validFrom: LocalDate | null;
  /** Last day in force (inclusive); null = still in force. */
  validTo: LocalDate | null;
  /** The body that took over this one's duties the day after validTo. */
  successorCode: string | null;
  /** false once the ICT department stopped tracking it (kept for history). */
  active?: boolean;
}

/** A registry entry that stands for bodies the admin has not registered one by one yet. */
export const GROUP_SUBTYPE = 'group';

export function inForce(agency: Pick<RegistryAgency, 'validFrom' | 'validTo'>, onDate: LocalDate): boolean {
  return (
    (agency.validFrom === null || agency.validFrom <= onDate) && (agency.validTo === null || agency.validTo >= onDate)
  );
}

/**
 * A kind of agency abolished on a date, whose duties pass to another kind, as
 * data with its legal basis. A duty that cannot pass (its subject no longer
 * exists) lapses with the stated reason.
 */
export interface KindSuccession {
  from: AgencyKind;
  to: AgencyKind;
  /** First day the `to` kind holds the duties (UTC+7 date). */
  effective: LocalDate;
  basis: LocalizedText;
  /** Duty code → why that duty lapses instead of passing on. */
  lapses: Record<string, LocalizedText>;
}

/**
 * From 1 July 2025 local government has two levels (province, commune): the
 * district People's Committees ended on 30 June 2025 and their duties pass to
 * the commune-level People's Committees.
 */
export const KIND_SUCCESSIONS: readonly KindSuccession[] = [
  {
    from: 'district',
    to: 'commune',
    effective: '2025-07-01',
    basis: {
      vi:
        'Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (hiệu lực từ 01/7/2025): chính quyền địa phương hai cấp, ' +
        'không còn cấp huyện; nhiệm vụ của UBND cấp huyện chuyển cho UBND cấp xã. Thanh Hóa: 166 xã, phường theo ' +
        'Nghị quyết 1686/NQ-UBTVQH15 ngày 16/6/2025.',
      en:
        'Law on the Organisation of Local Government No. 72/2025/QH15 (in force from 1 July 2025): two-level local ' +
        "government, no district level; the district People's Committees' duties pass to the commune-level People's " +
        'Committees. Thanh Hóa: 166 communes and wards under Resolution 1686/NQ-UBTVQH15 of 16 June 2025.',
    },
    lapses: {
      'v8-district-radio': {
        vi:
          'Đài truyền thanh cấp huyện thuộc UBND cấp huyện, không còn từ 01/7/2025 khi cấp huyện kết thúc hoạt động; ' +
          'chương trình phát thanh về chuyển đổi số do đài truyền thanh cấp xã thực hiện (nhiệm vụ V.8 phát thanh cấp xã).',
        en:
          "District radio stations belonged to the district People's Committees and ceased with them on 1 July 2025; " +
          'the digital transformation radio programme is produced by the commune radio (the V.8 commune radio duty).',
      },
    },
  },
];

/** How one agency came to owe a duty. */
export type AddresseeRoute = 'named' | 'successor' | 'kind' | 'kind-succession';

export interface ResolvedAddressee {
  code: string;
  route: AddresseeRoute;
  /** The code or kind named in the catalog that led here. */
  from: string;
}

export interface AddresseeResolution {
  onDate: LocalDate;
  /** Distinct agencies in force on the date, in code order. */
  addressees: ResolvedAddressee[];
  /** Why nobody owes the duty on this date; null when someone does. */
  noAddresseeReason: LocalizedText | null;
  /** Facts behind the result (a lapse, a transfer), for people reading the plan page. */
  notes: LocalizedText[];
}

export interface DutyAddressing {
  code: string;
  addressees: { kinds?: readonly string[]; codes?: readonly string[] };
}

const KIND_NAMES: Record<string, LocalizedText> = {
  department: { vi: 'sở, ban, ngành cấp tỉnh', en: 'provincial departments' },
  office: { vi: 'Văn phòng UBND tỉnh', en: "the PPC's Office" },
  district: { vi: 'UBND cấp huyện', en: "district People's Committees" },
  commune: { vi: 'UBND cấp xã', en: "commune People's Committees" },
  party: { vi: 'ban của Tỉnh ủy', en: 'Party commissions' },
  'front-mass-org': { vi: 'Mặt trận Tổ quốc và đoàn thể', en: 'Fatherland Front and mass organisations' },
  association: { vi: 'hiệp hội', en: 'associations' },
  press: { vi: 'cơ quan báo chí của tỉnh', en: 'provincial press' },
  'central-press': { vi: 'cơ quan báo chí Trung ương thường trú', en: 'central press offices in the province' },
};

export function kindName(kind: string): LocalizedText {
  return KIND_NAMES[kind] ?? { vi: kind, en: kind };
}

/** Index of a registry snapshot by code. */
export function indexRegistry(registry: readonly RegistryAgency[]): Map<string, RegistryAgency> {
  return new Map(registry.map((a) => [a.code, a]));
}

/**
 * The bodies in force on `onDate` that hold the duties of `code`: itself while
 * in force, else its successor chain (nothing if it has not started yet or
 * ended without a successor). Cycles and dangling codes stop the walk.
 */
export function holdersOn(
  code: string,
  byCode: ReadonlyMap<string, RegistryAgency>,
  onDate: LocalDate,
): RegistryAgency[] {
  const seen = new Set<string>();
  let agency = byCode.get(code);
  while (agency && !seen.has(agency.code)) {
    seen.add(agency.code);
    if (inForce(agency, onDate)) {
      return [agency];
    }
    if (agency.validFrom !== null && agency.validFrom > onDate) {
      return [];
    }
    agency = agency.successorCode ? byCode.get(agency.successorCode) : undefined;
  }
  return [];
}

/**
 * The standing body (cơ quan thường trực) on a date: whoever holds the role of
 * the plan's ICT department, Sở TT&TT until 28/02/2025 and Sở KH&CN from
 * 01/3/2025 (Decree 45/2025/NĐ-CP). Null only if the registry lacks both.
 */
export function ictDepartmentOn(registry: readonly RegistryAgency[], onDate: LocalDate): RegistryAgency | null {
  const byCode = indexRegistry(registry);
  return holdersOn(ICT_DEPARTMENT_CODE, byCode, onDate)[0] ?? lastOfChain(ICT_DEPARTMENT_CODE, byCode);
}

/** How texts name the standing ICT department: its registry name; in English, "the ICT department (name)". */
export function ictDepartmentText(agency: Pick<RegistryAgency, 'name'>): LocalizedText {
  return { vi: agency.name, en: `the ICT department (${agency.name})` };
}

function lastOfChain(code: string, byCode: ReadonlyMap<string, RegistryAgency>): RegistryAgency | null {
  const seen = new Set<string>();
  let agency = byCode.get(code);
  while (agency?.successorCode && !seen.has(agency.code) && byCode.has(agency.successorCode)) {
    seen.add(agency.code);
    agency = byCode.get(agency.successorCode);
  }
  return agency ?? null;
}

/**
 * The bodies whose duties `code` took over through successor links, at any depth
 * (e.g. Sở Thông tin và Truyền thông for Sở Khoa học và Công nghệ), in code order.
 */
export function predecessorsOf(code: string, registry: readonly RegistryAgency[]): string[] {
  const byCode = indexRegistry(registry);
  return registry
    .filter((a) => a.code !== code && successorChain(a.code, byCode).includes(code))
    .map((a) => a.code)
    .sort();
}

function successorChain(code: string, byCode: ReadonlyMap<string, RegistryAgency>): string[] {
  const chain: string[] = [];
  let next = byCode.get(code)?.successorCode ?? null;
  while (next && !chain.includes(next) && next !== code) {
    chain.push(next);
    next = byCode.get(next)?.successorCode ?? null;
  }
  return chain;
}

function members(kind: string, registry: readonly RegistryAgency[], onDate: LocalDate): RegistryAgency[] {
  const found = registry.filter((a) => a.kind === kind && inForce(a, onDate));
  // A group entry (e.g. the central press offices) stands in only until its members are registered.
  return found.filter((a) => a.subtype !== GROUP_SUBTYPE || !found.some((m) => m.parentCode === a.code));
}

/**
 * The agencies that owe `duty` on `onDate` (the period's reference date).
 * - A named body in force owes it; one that ended passes it to its successor(s) in force.
 * - A kind owes it through its members in force; a kind abolished by a
 *   {@link KindSuccession} passes it to the kind that took over, unless the duty lapses.
 * - Each agency appears once (a body and its successor are never both in force),
 *   and no agency outside its validity or deactivated is returned.
 * @returns the addressees in code order and, when there are none, the reason.
 */
export function resolveAddressees(
  duty: DutyAddressing,
  registry: readonly RegistryAgency[],
  onDate: LocalDate,
  successions: readonly KindSuccession[] = KIND_SUCCESSIONS,
): AddresseeResolution {
  const byCode = indexRegistry(registry);
  const found = new Map<string, ResolvedAddressee>();
  const reasons: LocalizedText[] = [];
  const notes: LocalizedText[] = [];
  const add = (agency: RegistryAgency, route: AddresseeRoute, from: string): void => {
    if (agency.active !== false && !found.has(agency.code)) {
      found.set(agency.code, { code: agency.code, route, from });
    }
  };

  for (const code of duty.addressees.codes ?? []) {
    const named = byCode.get(code);
    if (!named) {
      reasons.push({ vi: `${code} không có trong danh mục cơ quan`, en: `${code} is not in the registry` });
      continue;
    }
    const holders = holdersOn(code, byCode, onDate);
    holders.forEach((h) => add(h, h.code === code ? 'named' : 'successor', code));
    if (holders.length > 0 && holders[0].code !== code) {
      notes.push({
        vi: `${named.name} kết thúc hoạt động ngày ${formatVietnameseDate(named.validTo ?? onDate)}; ${holders.map((h) => h.name).join(', ')} tiếp nhận nhiệm vụ.`,
        en: `${named.name} ended on ${named.validTo ?? onDate}; ${holders.map((h) => h.code).join(', ')} took over its duties.`,
      });
    } else if (holders.length === 0) {
      reasons.push(
        named.validFrom !== null && named.validFrom > onDate
          ? {
              vi: `${named.name} chỉ hoạt động từ ngày ${formatVietnameseDate(named.validFrom)}`,
              en: `${named.name} only exists from ${named.validFrom}`,
            }
          : {
              vi: `${named.name} đã kết thúc hoạt động và không có cơ quan kế thừa`,
              en: `${named.name} has ended and has no successor`,
            },
      );
    }
  }

  for (const kind of duty.addressees.kinds ?? []) {
    const succession = successions.find((s) => s.from === kind && s.effective <= onDate);
    if (!succession) {
      const inKind = members(kind, registry, onDate);
      inKind.forEach((a) => add(a, 'kind', kind));
      if (inKind.length === 0) {
        reasons.push({
          vi: `Không có ${kindName(kind).vi} nào trong danh mục còn hoạt động vào ngày ${formatVietnameseDate(onDate)}`,
          en: `No ${kindName(kind).en} in the registry are in force on ${onDate}`,
        });
      }
      continue;
    }
    const lapse = succession.lapses[duty.code];
    if (lapse) {
      reasons.push(lapse);
      continue;
    }
    const heirs = members(succession.to, registry, onDate);
    heirs.forEach((a) => add(a, 'kind-succession', kind));
    notes.push({
      vi: `Từ ngày ${formatVietnameseDate(succession.effective)}, nhiệm vụ của ${kindName(kind).vi} chuyển cho ${kindName(succession.to).vi}: ${succession.basis.vi}`,
      en: `From ${succession.effective} the duties of ${kindName(kind).en} pass to ${kindName(succession.to).en}: ${succession.basis.en}`,
    });
    if (heirs.length === 0) {
      reasons.push({
        vi: `Không có ${kindName(succession.to).vi} nào trong danh mục còn hoạt động vào ngày ${formatVietnameseDate(onDate)}`,
        en: `No ${kindName(succession.to).en} in the registry are in force on ${onDate}`,
      });
    }
  }

  // A body and its successor never both owe the duty: a successor named without an end date
  // (an incomplete registry edit) means the old body has handed over.
  for (const code of [...found.keys()]) {
    if (byCode.get(code)?.validTo === null && successorChain(code, byCode).some((s) => found.has(s))) {
      found.delete(code);
    }
  }
  const addressees = [...found.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    onDate,
    addressees,
    noAddresseeReason:
      addressees.length > 0 || reasons.length === 0
        ? null
        : { vi: reasons.map((r) => r.vi).join('; '), en: reasons.map((r) => r.en).join('; ') },
    notes,
  };
}
