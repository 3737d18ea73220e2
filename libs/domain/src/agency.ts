/**
 * Kinds of agency (cơ quan, đơn vị) that section V of the plan addresses.
 * The values match the `group` column of the provincial bodies list and the
 * levels of the administrative unit lists.
 */
export const AGENCY_KINDS = [
  'department', // Sở and equivalent provincial bodies
  'office', // Văn phòng UBND tỉnh
  'district', // UBND cấp huyện (until 30 June 2025)
  'commune', // UBND cấp xã (xã, phường, thị trấn)
  'party', // Ban của Tỉnh ủy
  'front-mass-org', // Mặt trận Tổ quốc and mass organisations
  'association', // Hiệp hội
  'press', // Báo, Đài
  'central-press', // cơ quan báo chí Trung ương thường trú
] as const;

export type AgencyKind = (typeof AGENCY_KINDS)[number];

export function isAgencyKind(value: string): value is AgencyKind {
  return (AGENCY_KINDS as readonly string[]).includes(value);
}

/**
 * Kinds of body the Chairman cannot direct: Party commissions, the Fatherland Front and
 * mass organisations, associations, central press offices. Section V only requests
 * ("Đề nghị") of them, and so does an ad-hoc report request sent to one of them.
 */
export const REQUESTED_AGENCY_KINDS: readonly AgencyKind[] = [
  'party',
  'front-mass-org',
  'association',
  'central-press',
];

/**
 * Whether an assignment binds its agency: a binding duty does, except an ad-hoc report
 * request (`adHoc`) sent to a body of a requested kind, which is only requested.
 */
export function assignmentBinding(dutyBinding: boolean, agencyKind: string, adHoc: boolean): boolean {
  return dutyBinding && !(adHoc && (REQUESTED_AGENCY_KINDS as readonly string[]).includes(agencyKind));
}

/** The standing body that operates dondoc (cơ quan thường trực), by registry code. */
export const ICT_DEPARTMENT_CODE = 'so-thong-tin-va-truyen-thong';

/** Văn phòng UBND tỉnh: receives level-3 escalations for the Chairman. */
export const PPC_OFFICE_CODE = 'van-phong-ubnd-tinh';
