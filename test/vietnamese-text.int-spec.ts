import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { compareVietnamese } from '../libs/domain/src/text';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import {
  AgencyRepository,
  AssignmentRepository,
  CatalogRepository,
  ReportRequestRepository,
} from '../libs/persistence/src/repositories';
import { http, startTestApi, signInNewStaff } from './support/api';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';

interface Page<T> {
  total: number;
  items: T[];
}
interface Agency {
  code: string;
  name: string;
  kind: string;
}
interface Row {
  agency: { code: string; name: string };
  duty: { code: string };
}
interface ErrorBody {
  code: string;
  message: string;
  details: Array<{ field: string; message: string }>;
}

/**
 * Search and order of Vietnamese names through the API, on the shipped registry:
 * case, diacritics, tone placement (Hoá/Hòa, uỷ/ủy), NFD input and đ/Đ all ignored by search;
 * names sorted A Ă Â B C D Đ E Ê …; LIKE wildcards matched literally; control characters refused.
 */
describe('Vietnamese text through the API (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;
  const period = `text-${Date.now()}`;

  const get = <T>(path: string) => http<T>(api.base, 'GET', path, { token });
  const agencyCodes = async (q: string): Promise<string[]> => {
    const res = await get<Page<Agency>>(`/api/v1/agencies?pageSize=200&q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return res.body.items.map((a) => a.code).sort();
  };

  beforeAll(async () => {
    api = await startTestApi();
    const ds = api.app.get(DataSource);
    await importReferenceData(ds);
    token = (await signInNewStaff(ds, api.base, { displayName: 'officer' })).token;

    // Read-model rows for one duty and period, written by the same repository the activities use.
    const agencies = new AgencyRepository(ds);
    const duty = (await new CatalogRepository(ds).activeDuties(PLAN)).find((d) => d.code === DUTY)!;
    const rows = new AssignmentRepository(ds);
    for (const code of ['phuong-dong-son', 'xa-xuan-hoa', 'xa-yen-dinh', 'xa-dong-tien', 'xa-an-nong', 'xa-ba-dinh']) {
      const agency = await agencies.findByCode(code);
      const workflowId = `assignment:${DUTY}:${code}:${period}`;
      await rows.recordTransition(
        {
          workflowId,
          dutyId: duty.id,
          agencyId: agency!.id,
          periodKey: period,
          periodStart: null,
          periodEnd: null,
          status: 'assigned',
          category: 'open-on-time',
          dueDate: '2026-12-15',
          originalDueDate: '2026-12-15',
          escalationLevel: 0,
          remindersSent: 0,
          submittedAt: null,
          completedAt: null,
          hasShortfall: false,
          shortfalls: [],
          stateVersion: 1,
        },
        {
          eventKey: `${workflowId}:1`,
          workflowId,
          entityType: 'assignment',
          entityId: workflowId,
          type: 'assigned',
          actor: 'system',
          occurredAt: new Date(),
          before: null,
          after: null,
        },
      );
    }
    await new ReportRequestRepository(ds).create({
      key: `yc-${period}`,
      title: 'Báo cáo nhanh về Ủy ban nhân dân xã Xuân Hòa',
      description: null,
      dueDate: '2026-12-31',
      dutyCode: null,
      fields: [],
      agencyCodes: ['xa-xuan-hoa'],
      createdBy: 'test',
    });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('finds Đông Sơn however it is typed: case, diacritics, đ, NFD', async () => {
    const exact = await agencyCodes('Đông Sơn');
    expect(exact).toEqual(expect.arrayContaining(['huyen-dong-son', 'phuong-dong-son']));
    for (const q of ['đông sơn', 'ĐÔNG SƠN', 'dong son', 'DONG  SON', 'Đông Sơn'.normalize('NFD')]) {
      expect(await agencyCodes(q)).toEqual(exact);
    }
  });

  it('finds Thanh Hóa with old tone placement, without marks and decomposed', async () => {
    const exact = await agencyCodes('Thanh Hóa');
    expect(exact).toEqual(expect.arrayContaining(['thanh-pho-thanh-hoa', 'uy-ban-mttq-tinh']));
    for (const q of ['thanh hoa', 'Thanh Hoá', 'THANH HÓA', 'Thanh Hóa'.normalize('NFD')]) {
      expect(await agencyCodes(q)).toEqual(exact);
    }
  });

  it('finds Xuân Hòa as Xuân Hoà and Ủy ban as uỷ ban', async () => {
    expect(await agencyCodes('Xuân Hoà')).toEqual(await agencyCodes('Xuân Hòa'));
    expect(await agencyCodes('Xuân Hoà')).toContain('xa-xuan-hoa');
    expect(await agencyCodes('uỷ ban')).toContain('uy-ban-mttq-tinh');
    expect(await agencyCodes('ủy ban')).toEqual(await agencyCodes('uỷ ban'));
  });

  it('matches LIKE wildcards literally: %, _ and \\ find nothing in the registry', async () => {
    for (const q of ['%', '_', '\\', 'Xã%Sơn', 'x_-dong']) {
      expect(await agencyCodes(q)).toEqual([]);
    }
    const assignments = await get<Page<Row>>(`/api/v1/assignments?period=${period}&q=%25`);
    expect(assignments.body.total).toBe(0);
  });

  it('sorts agency names in Vietnamese order (Đ after D, before E), both directions', async () => {
    const asc = await get<Page<Agency>>('/api/v1/agencies?kind=commune&validOn=2025-07-01&sort=name&pageSize=200');
    const names = asc.body.items.map((a) => a.name);
    expect(names.length).toBeGreaterThan(150);
    expect(names).toEqual([...names].sort(compareVietnamese));
    const firstDd = names.findIndex((n) => n.startsWith('Xã Đ'));
    const lastD = names.map((n) => n.startsWith('Xã D')).lastIndexOf(true);
    const firstE = names.findIndex((n) => n.startsWith('Xã E') || n.startsWith('Xã G'));
    expect(lastD).toBeLessThan(firstDd);
    expect(firstDd).toBeLessThan(firstE);
    // Other tests add communes of their own, so compare the descending first page with the
    // whole ascending list read page by page.
    const all: string[] = [];
    for (let page = 1; ; page++) {
      const next = await get<Page<Agency>>(
        `/api/v1/agencies?kind=commune&validOn=2025-07-01&sort=name&pageSize=200&page=${page}`,
      );
      all.push(...next.body.items.map((a) => a.name));
      if (next.body.items.length < 200) {
        break;
      }
    }
    const desc = await get<Page<Agency>>('/api/v1/agencies?kind=commune&validOn=2025-07-01&sort=-name&pageSize=200');
    expect(desc.body.items.map((a) => a.name)).toEqual([...all].reverse().slice(0, 200));
  });

  it('searches and sorts assignments by agency name and duty title the same way', async () => {
    const search = async (q: string) =>
      (await get<Page<Row>>(`/api/v1/assignments?period=${period}&q=${encodeURIComponent(q)}`)).body.items
        .map((r) => r.agency.code)
        .sort();
    expect(await search('đông sơn')).toEqual(['phuong-dong-son']);
    expect(await search('DONG SON')).toEqual(['phuong-dong-son']);
    expect(await search('Xuân Hoà')).toEqual(['xa-xuan-hoa']);
    // An agency matches by its code too (its folded code has its own trigram index).
    expect(await search('XA-XUAN-HOA')).toEqual(['xa-xuan-hoa']);
    // Nothing matches: no agency and no duty, an empty page and a total of 0, not an error.
    const none = await get<Page<Row>>(`/api/v1/assignments?period=${period}&q=${encodeURIComponent('không có đâu')}`);
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ total: 0, items: [] });
    // The duty title "… Đài truyền thanh cấp xã" typed without marks matches every row of the duty.
    expect(await search('dai truyen thanh cap xa')).toHaveLength(6);
    const sorted = await get<Page<Row>>(`/api/v1/assignments?period=${period}&sort=agency`);
    expect(sorted.body.items.map((r) => r.agency.name)).toEqual(
      ['Xã An Nông', 'Xã Ba Đình', 'Xã Đồng Tiến', 'Phường Đông Sơn', 'Xã Xuân Hòa', 'Xã Yên Định'].sort(
        compareVietnamese,
      ),
    );
  });

  it('searches plans and report requests without marks', async () => {
    const plans = await get<Page<{ code: string }>>('/api/v1/plans?q=chuyen%20doi%20so%20tinh%20thanh%20hoa');
    expect(plans.body.items.map((p) => p.code)).toContain(PLAN);
    const requests = await get<Page<{ key: string }>>(
      `/api/v1/report-requests?q=${encodeURIComponent('uỷ ban nhan dan xa xuan hoa')}`,
    );
    expect(requests.body.items.map((r) => r.key)).toContain(`yc-${period}`);
    const none = await get<Page<{ key: string }>>('/api/v1/report-requests?q=_');
    expect(none.body.items.filter((r) => r.key === `yc-${period}`)).toEqual([]);
  });

  it('stores names in NFC whatever form they arrive in', async () => {
    const code = `xa-nfd-${randomUUID().slice(0, 8)}`;
    const created = await http<Agency>(api.base, 'POST', '/api/v1/agencies', {
      token,
      body: { code, name: 'Xã Thanh Hóa Mới'.normalize('NFD'), kind: 'commune' },
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('Xã Thanh Hóa Mới'.normalize('NFC'));
    expect(await agencyCodes('thanh hoa moi')).toEqual([code]);
  });

  it('refuses NUL and control characters in bodies, queries and paths with 400 and a message', async () => {
    const nulBody = await http<ErrorBody>(api.base, 'POST', '/api/v1/agencies', {
      token,
      body: { code: 'xa-nul', name: 'Xã\u0000Nul', kind: 'commune' },
    });
    expect(nulBody.status).toBe(400);
    expect(nulBody.body.details).toEqual([{ field: 'name', message: expect.stringContaining('ký tự điều khiển') }]);
    expect(nulBody.body.message).toContain('control character');

    const nulQuery = await get<ErrorBody>('/api/v1/agencies?q=a%00b');
    expect(nulQuery.status).toBe(400);
    expect(nulQuery.body.details[0].field).toBe('q');

    const nulPath = await get<ErrorBody>('/api/v1/agencies/xa%00dong');
    expect(nulPath.status).toBe(400);
    expect(nulPath.body.details[0].field).toBe('(path)');

    const escape = await http<ErrorBody>(api.base, 'POST', '/api/v1/agencies', {
      token,
      body: { code: 'xa-esc', name: 'Xã \u001b[31mĐỏ', kind: 'commune' },
    });
    expect(escape.status).toBe(400);
  });

  it('refuses names made only of invisible characters, and line breaks in names', async () => {
    for (const name of ['\u200B', '\u200B\u200D\uFEFF', '\u3164']) {
      const res = await http<ErrorBody>(api.base, 'POST', '/api/v1/agencies', {
        token,
        body: { code: 'xa-invisible', name, kind: 'commune' },
      });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'name', message: expect.stringContaining('visible character') }]);
    }
    const multiLine = await http<ErrorBody>(api.base, 'POST', '/api/v1/agencies', {
      token,
      body: { code: 'xa-two-lines', name: 'Xã Đông\nSơn', kind: 'commune' },
    });
    expect(multiLine.status).toBe(400);
    expect(multiLine.body.details).toEqual([{ field: 'name', message: expect.stringContaining('single line') }]);
  });
});
