import { DataSource } from 'typeorm';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { AgencyRepository, AssignmentRepository, CatalogRepository } from '../libs/persistence/src/repositories';
import type { ReportingCategory } from '../libs/domain/src/status';
import { http, startTestApi, signInNewStaff } from './support/api';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';

interface Row {
  id: string;
  dueDate: string;
  category: string;
  agency: { code: string; name: string };
}
interface ListPage {
  page: number;
  pageSize: number;
  total?: number;
  items: Row[];
  nextCursor: string | null;
}
interface ErrorBody {
  code: string;
  message: string;
  details: Array<{ field: string; message: string }>;
}

/**
 * Keyset pages of GET /api/v1/assignments (`after` = the previous page's `nextCursor`): the walk
 * gives exactly the rows and order of the offset pages, for each keyset sort, ties included;
 * `total` is counted only when asked; bad cursors are refused with 400 in words.
 */
describe('Assignment list by cursor (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;
  const period = `pages-${Date.now()}`;
  const communes: string[] = [];

  const get = (path: string) => http<ListPage>(api.base, 'GET', path, { token });

  /** Every row of the period by following nextCursor, `size` rows a page. */
  async function walk(sort: string, size: number, extra = ''): Promise<{ ids: string[]; pages: ListPage[] }> {
    const pages: ListPage[] = [];
    let after: string | null = null;
    do {
      const cursor: string = after ? `&after=${encodeURIComponent(after)}` : '';
      const res = await get(`/api/v1/assignments?period=${period}&sort=${sort}&pageSize=${size}${extra}${cursor}`);
      expect(res.status).toBe(200);
      pages.push(res.body);
      after = res.body.nextCursor;
    } while (after && pages.length < 100);
    return { ids: pages.flatMap((p) => p.items.map((r) => r.id)), pages };
  }

  beforeAll(async () => {
    api = await startTestApi();
    const ds = api.app.get(DataSource);
    await importReferenceData(ds);
    token = (await signInNewStaff(ds, api.base, { displayName: 'officer' })).token;

    // 23 read-model rows of one duty and period: four due dates (many ties) and three categories.
    const agencies = (await new AgencyRepository(ds).list()).filter((a) => a.kind === 'commune').slice(0, 23);
    const duty = (await new CatalogRepository(ds).activeDuties(PLAN)).find((d) => d.code === DUTY)!;
    const rows = new AssignmentRepository(ds);
    const categories: ReportingCategory[] = ['open-on-time', 'open-overdue', 'done-late'];
    for (const [i, agency] of agencies.entries()) {
      communes.push(agency.code);
      const workflowId = `assignment:${DUTY}:${agency.code}:${period}`;
      const due = `2026-12-${String(10 + (i % 4)).padStart(2, '0')}`;
      const category = categories[i % 3];
      await rows.recordTransition(
        {
          workflowId,
          dutyId: duty.id,
          agencyId: agency.id,
          periodKey: period,
          periodStart: null,
          periodEnd: null,
          status: category === 'done-late' ? 'accepted' : 'assigned',
          category,
          dueDate: due,
          originalDueDate: due,
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
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it.each(['dueDate', '-dueDate', 'agency', '-agency', 'category', '-updatedAt', 'duty'])(
    'walks every row once, in the order of the offset pages (sort=%s)',
    async (sort) => {
      const all = await get(`/api/v1/assignments?period=${period}&sort=${sort}&pageSize=200`);
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(communes.length);
      expect(all.body.nextCursor).toBeNull();

      const { ids, pages } = await walk(sort, 4);
      expect(ids).toEqual(all.body.items.map((r) => r.id));
      expect(pages).toHaveLength(Math.ceil(communes.length / 4));
      // No count unless asked: the cursor pages carry none.
      expect(pages.slice(1).every((p) => p.total === undefined)).toBe(true);
      expect(pages.at(-1)!.nextCursor).toBeNull();
      // The same rows by offset pages (past page 1, a sort on the assignment's own columns skips its
      // rows before joining agency, duty and plan; a sort on a joined column joins row by row).
      const byOffset: string[] = [];
      for (let page = 1; page <= pages.length; page++) {
        const res = await get(`/api/v1/assignments?period=${period}&sort=${sort}&pageSize=4&page=${page}`);
        expect(res.status).toBe(200);
        byOffset.push(...res.body.items.map((r) => r.id));
      }
      expect(byOffset).toEqual(ids);
    },
  );

  it('offset pages and cursor pages agree page by page; the count comes only when asked', async () => {
    const first = await get(`/api/v1/assignments?period=${period}&pageSize=5`);
    expect(first.body.total).toBe(communes.length);
    const second = await get(`/api/v1/assignments?period=${period}&pageSize=5&page=2`);
    const next = await get(
      `/api/v1/assignments?period=${period}&pageSize=5&after=${encodeURIComponent(first.body.nextCursor!)}`,
    );
    expect(next.body.items.map((r) => r.id)).toEqual(second.body.items.map((r) => r.id));
    expect(next.body.total).toBeUndefined();

    const counted = await get(
      `/api/v1/assignments?period=${period}&pageSize=5&count=true&after=${encodeURIComponent(first.body.nextCursor!)}`,
    );
    expect(counted.body.total).toBe(communes.length);
    const uncounted = await get(`/api/v1/assignments?period=${period}&pageSize=5&count=false`);
    expect(uncounted.body.total).toBeUndefined();
    expect(uncounted.body.items.map((r) => r.id)).toEqual(first.body.items.map((r) => r.id));
  });

  it('keeps the filter across cursor pages', async () => {
    const { ids } = await walk('dueDate', 3, '&category=open-overdue');
    const all = await get(`/api/v1/assignments?period=${period}&category=open-overdue&pageSize=200`);
    expect(ids).toEqual(all.body.items.map((r) => r.id));
    expect(ids.length).toBe(all.body.total);
    expect(all.body.items.every((r) => r.category === 'open-overdue')).toBe(true);
  });

  it('refuses a cursor that is not one, one of another sort, and cursors with sort=submittedAt or page > 1', async () => {
    const first = await get(`/api/v1/assignments?period=${period}&pageSize=5`);
    const cursor = encodeURIComponent(first.body.nextCursor!);
    const cases = [
      [`after=not-a-cursor`, 'after'],
      [`after=${Buffer.from('{"s":"dueDate","k":"2026-12-10","i":"1"}').toString('base64url')}`, 'after'],
      // A well-formed cursor whose key is no date: refused before it reaches the SQL cast.
      [
        `after=${Buffer.from(`{"s":"dueDate","k":"2026-02-30","i":"${first.body.items[0].id}"}`).toString('base64url')}`,
        'after',
      ],
      [`after=${cursor}&sort=agency`, 'after'],
      [`after=${cursor}&sort=submittedAt`, 'after'],
      [`after=${cursor}&page=2`, 'page'],
    ] as const;
    for (const [query, field] of cases) {
      const res = await http<ErrorBody>(api.base, 'GET', `/api/v1/assignments?period=${period}&${query}`, { token });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.details.map((d) => d.field)).toContain(field);
      expect(res.body.message).not.toMatch(/stack|at \w+ \(/);
    }
  });
});
