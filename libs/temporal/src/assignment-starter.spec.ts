import type { Client } from '@temporalio/client';
import type { RegistryAgency } from '../../domain/src/agency-lineage';
import type { DutySpec } from '../../catalog/src/catalog.schema';
import type { DutyEntity } from '../../persistence/src/entities';
import type { AgencyRepository } from '../../persistence/src/repositories/agency.repository';
import type { AssignmentRepository } from '../../persistence/src/repositories/assignment.repository';
import type { CatalogRepository } from '../../persistence/src/repositories/catalog.repository';
import { AssignmentStarter } from './assignment-starter';

/**
 * One-off duties (recurrence "once") opened with the plan's yearly opening: one
 * assignment per addressee, due by the catalog rule, never twice for a body
 * whose predecessor already did it. Unit test of one class: the repositories
 * are in-memory stand-ins.
 */
const body = (code: string, extra: Partial<RegistryAgency> = {}): RegistryAgency => ({
  code,
  name: code,
  kind: 'department',
  validFrom: null,
  validTo: null,
  successorCode: null,
  ...extra,
});

const registry: RegistryAgency[] = [
  body('so-a', { validTo: '2025-02-28', successorCode: 'so-c' }),
  body('so-b'),
  body('so-c', { validFrom: '2025-03-01' }),
];

const spec = (code: string, recurrence: DutySpec['recurrence'], deadline: DutySpec['deadline']): DutySpec => ({
  code,
  clause: 'V.7',
  title: { vi: code, en: code },
  description: { vi: code, en: code },
  addressees: { kinds: ['department'] },
  binding: true,
  recurrence,
  evidence: { fields: [{ key: 'url', label: { vi: 'Đường dẫn', en: 'URL' }, type: 'url', required: true }] },
  deadline,
  reminders: { offsetsWorkingDays: [3, 1, 0], localTime: '08:00' },
  escalation: { levels: [{ level: 1, afterWorkingDays: 1, target: 'agency-head' }] },
  reportTo: 'so-thong-tin-va-truyen-thong',
});

const duties = [
  spec('website-post', { kind: 'once' }, { rule: 'after-activation', workingDaysAfter: 10 }),
  spec('yearly-plan', { kind: 'yearly' }, { rule: 'period-end', workingDaysAfter: 5 }),
].map((s) => ({ code: s.code, spec: s }) as unknown as DutyEntity);

function starter(done: string[], known: string[] = []) {
  const catalog = { activeDuties: () => Promise.resolve(duties) } as unknown as CatalogRepository;
  const agencies = { registry: () => Promise.resolve(registry) } as unknown as AgencyRepository;
  const assignments = {
    agenciesDone: (_plan: string, duty: string, key: string) =>
      Promise.resolve(duty === 'website-post' && key === 'mot-lan' ? done : []),
    existingWorkflowIds: (ids: string[]) => Promise.resolve(new Set(ids.filter((id) => known.includes(id)))),
  } as unknown as AssignmentRepository;
  return new AssignmentStarter({} as Client, catalog, agencies, undefined, assignments);
}

const opts = { planCode: 'plan', onDate: '2026-11-30', reminderLocalTime: '08:00', kinds: ['year' as const] };

describe('AssignmentStarter: one-off duties', () => {
  it('opens each one-off duty once per addressee in force, due 10 working days after the opening', async () => {
    const { inputs, duties: count } = await starter([]).targets({ ...opts, oneOff: true });
    const oneOff = inputs.filter((i) => i.dutyCode === 'website-post');
    expect(oneOff.map((i) => [i.agencyCode, i.periodKey, i.dueDate])).toEqual([
      ['so-b', 'mot-lan', '2026-12-14'],
      ['so-c', 'mot-lan', '2026-12-14'],
    ]);
    expect(inputs.filter((i) => i.dutyCode === 'yearly-plan').map((i) => i.periodKey)).toEqual(['2026', '2026']);
    expect(count).toBe(2);
  });

  it('does not ask a successor again when the body it took over had done it; asks it when that body had not', async () => {
    const afterDone = await starter(['so-a']).targets({ ...opts, oneOff: true });
    expect(afterDone.inputs.filter((i) => i.dutyCode === 'website-post').map((i) => i.agencyCode)).toEqual(['so-b']);
    const otherDone = await starter(['so-b']).targets({ ...opts, oneOff: true });
    expect(otherDone.inputs.filter((i) => i.dutyCode === 'website-post').map((i) => i.agencyCode)).toEqual(['so-c']);
  });

  it('leaves one-off duties to the yearly opening: other openings carry only periodic duties', async () => {
    const { inputs } = await starter([]).targets({ ...opts, kinds: ['month'] });
    expect(inputs).toEqual([]);
  });

  it('never starts again an assignment the assignments table already holds (a period opened twice, after retention)', async () => {
    const { inputs } = await starter([]).targets({ ...opts, oneOff: true });
    const ids = inputs.map((i) => `assignment/${i.dutyCode}/${i.agencyCode}/${i.periodKey}`);
    // Every id is known: the client (an empty object here) is never asked to start anything.
    const progress: number[] = [];
    const result = await starter([], ids).start(inputs, { taskQueue: 'q', onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ started: 0, alreadyRunning: inputs.length });
    expect(progress.at(-1)).toBe(inputs.length);
  });
});

describe('AssignmentStarter: deadlines moved off days off', () => {
  // 2026-11-15 is a Sunday; 2026-12-05 a Saturday (no calendar: weekends are the days off).
  const fixed = [
    spec('fixed-sunday', { kind: 'yearly' }, { rule: 'fixed', date: '2026-11-15' }),
    spec('fixed-monday', { kind: 'yearly' }, { rule: 'fixed', date: '2026-11-16' }),
    spec('fixed-once', { kind: 'once' }, { rule: 'fixed', date: '2026-12-05' }),
  ].map((s) => ({ code: s.code, spec: s }) as unknown as DutyEntity);

  function fixedStarter() {
    const catalog = { activeDuties: () => Promise.resolve(fixed) } as unknown as CatalogRepository;
    const agencies = { registry: () => Promise.resolve(registry) } as unknown as AgencyRepository;
    const assignments = {
      agenciesDone: () => Promise.resolve([]),
      existingWorkflowIds: () => Promise.resolve(new Set<string>()),
    } as unknown as AssignmentRepository;
    return new AssignmentStarter({} as Client, catalog, agencies, undefined, assignments);
  }

  it('moves each day-off deadline to the next working day and lists it once per duty and date, with the reason in words', async () => {
    const { inputs, moved } = await fixedStarter().targets({ ...opts, oneOff: true });
    expect(new Set(inputs.filter((i) => i.dutyCode === 'fixed-sunday').map((i) => i.dueDate))).toEqual(
      new Set(['2026-11-16']),
    );
    // Two agencies owe each duty; the list names each duty and date once, unmoved dates not at all.
    expect(inputs.filter((i) => i.dutyCode === 'fixed-sunday')).toHaveLength(2);
    expect(moved).toEqual([
      {
        dutyCode: 'fixed-sunday',
        dutyTitle: { vi: 'fixed-sunday', en: 'fixed-sunday' },
        from: '2026-11-15',
        to: '2026-11-16',
        reason: {
          vi: 'Ngày 15/11/2026 là ngày nghỉ nên hạn được chuyển sang ngày làm việc tiếp theo: 16/11/2026 (Bộ luật Dân sự 2015, Điều 148, khoản 5).',
          en: '15/11/2026 is not a working day, so the deadline moves to the next working day: 16/11/2026 (Civil Code 2015, art. 148(5)).',
        },
      },
      expect.objectContaining({ dutyCode: 'fixed-once', from: '2026-12-05', to: '2026-12-07' }),
    ]);
  });
});
