import type { DataSource } from 'typeorm';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { createDataSource } from '../libs/persistence/src/data-source';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { AgencyRepository } from '../libs/persistence/src/repositories';
import { http, startTestApi, signInNewStaff } from './support/api';

const PLAN = 'plan-nq06-thanh-hoa';

interface DutyView {
  code: string;
  addresseesToday: number;
  noAddresseeReason: { vi: string; en: string } | null;
  addressees: Array<{ code: string; name: string }>;
}

/** The registry over HTTP: each duty's reach, the ICT department of the day, lineage questions settled by an admin. */
describe('registry and reach (HTTP, real PostgreSQL)', () => {
  let ds: DataSource;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const tokens: Record<string, string> = {};
  const emails: Record<string, string> = {};

  beforeAll(async () => {
    ds = await createDataSource(process.env.DATABASE_URL!).initialize();
    await importReferenceData(ds);
    api = await startTestApi();
    for (const role of ['admin', 'officer'] as const) {
      const staff = await signInNewStaff(ds, api.base, { role, displayName: role, emailPrefix: `${role}-registry` });
      tokens[role] = staff.token;
      emails[role] = staff.email;
    }
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
  });

  it('gives each duty its addressees today, and the reason when there are none', async () => {
    const res = await http<{ asOf: string; duties: DutyView[] }>(api.base, 'GET', `/api/v1/plans/${PLAN}`, {
      token: tokens.officer,
    });
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe(vietnamDateOf(new Date()));
    const registry = await new AgencyRepository(ds).registry();
    for (const d of res.body.duties) {
      expect(d.addressees).toHaveLength(d.addresseesToday);
      expect(d.noAddresseeReason === null).toBe(d.addresseesToday > 0);
      for (const a of d.addressees) {
        const agency = registry.find((r) => r.code === a.code)!;
        expect(agency.validFrom === null || agency.validFrom <= res.body.asOf).toBe(true);
        expect(agency.validTo === null || agency.validTo >= res.body.asOf).toBe(true);
      }
    }
  });

  it('names the ICT department that holds the role today', async () => {
    const res = await http<{ code: string; name: string }>(api.base, 'GET', '/api/v1/agencies/ict-department', {
      token: tokens.officer,
    });
    expect(res.status).toBe(200);
    const expected =
      vietnamDateOf(new Date()) >= '2025-03-01' ? 'so-khoa-hoc-va-cong-nghe' : 'so-thong-tin-va-truyen-thong';
    expect(res.body.code).toBe(expected);
  });

  it('lists the questions the sources leave open; an admin settles one, audited, and it cannot be settled twice', async () => {
    const list = async () =>
      (
        await http<Array<{ code: string; status: string; question: { vi: string } | null; source: { vi: string } }>>(
          api.base,
          'GET',
          '/api/v1/agencies/lineage-questions',
          { token: tokens.officer },
        )
      ).body;
    const before = await list();
    const open = before.filter((q) => q.status === 'to-confirm');
    expect(open.map((q) => q.code)).toEqual(expect.arrayContaining(['so-ke-hoach-va-dau-tu', 'so-ngoai-vu']));
    expect(open.every((q) => q.question !== null && q.source.vi.length > 0)).toBe(true);

    const body = { decision: 'confirmed', note: 'Quyết định của UBND tỉnh về sắp xếp các sở (số liệu thử)' };
    const officer = await http(api.base, 'POST', '/api/v1/agencies/so-ngoai-vu/lineage-settlement', {
      token: tokens.officer,
      body,
    });
    expect(officer.status).toBe(403);
    const settled = await http<{ status: string }>(
      api.base,
      'POST',
      '/api/v1/agencies/so-ngoai-vu/lineage-settlement',
      {
        token: tokens.admin,
        body,
      },
    );
    expect(settled.status).toBe(200);
    expect(settled.body.status).toBe('confirmed');
    const again = await http(api.base, 'POST', '/api/v1/agencies/so-ngoai-vu/lineage-settlement', {
      token: tokens.admin,
      body,
    });
    expect(again.status).toBe(409);
    const bad = await http(api.base, 'POST', '/api/v1/agencies/so-tu-phap/lineage-settlement', {
      token: tokens.admin,
      body: { decision: 'maybe', note: '' },
    });
    expect(bad.status).toBe(400);
    expect((await list()).find((q) => q.code === 'so-ngoai-vu')?.status).toBe('confirmed');

    for (let i = 0; i < 50; i++) {
      const audit = await ds.query<Array<{ actor: string }>>(
        `SELECT actor FROM audit_events WHERE type = 'POST /api/v1/agencies/:code/lineage-settlement' AND entity_id = $1`,
        ['/api/v1/agencies/so-ngoai-vu/lineage-settlement'],
      );
      if (audit.length > 0) {
        expect(audit[0].actor).toContain(emails.admin);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the settlement was not audited');
  });
});
