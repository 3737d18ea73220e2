import { Client } from 'pg';

/** A month the benchmark opens, and how many communes exist in it. */
export interface BenchPeriod {
  /** YYYY-MM */
  key: string;
  /** A date inside the month, for periodOpenWorkflow. */
  onDate: string;
  /** Synthetic communes first valid in this month (on top of those of earlier steps). */
  added: number;
  /** Synthetic communes valid only in this month (the storm's). */
  only: number;
}

function monthEnd(key: string): string {
  const [y, m] = key.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${key}-${String(last).padStart(2, '0')}`;
}

/**
 * Adds synthetic communes so that the monthly duties addressed to communes
 * (commune radio) give each benchmark month the wanted number of assignments:
 * agencies of later growth steps start later, the storm's exist for one month.
 * Plain SQL in one statement per step; the registry import is not what is measured.
 */
export async function seedBenchAgencies(databaseUrl: string, periods: BenchPeriod[]): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    let serial = 0;
    for (const p of periods) {
      const count = p.added + p.only;
      if (count <= 0) {
        continue;
      }
      await db.query(
        `INSERT INTO agencies (code, name, kind, subtype, valid_from, valid_to, focal_email, head_email, formed_from, note)
         SELECT 'bench-xa-' || lpad(i::text, 6, '0'),
                'Xã Thử Nghiệm ' || lpad(i::text, 6, '0'),
                'commune', 'xa', $2::date, $3::date,
                'bench-xa-' || lpad(i::text, 6, '0') || '@bench.example',
                'lanhdao.bench-xa-' || lpad(i::text, 6, '0') || '@bench.example',
                '[]'::jsonb, 'benchmark'
         FROM generate_series($1::int + 1, $1::int + $4::int) AS i`,
        [serial, `${p.key}-01`, p.only > 0 ? monthEnd(p.key) : null, count],
      );
      serial += count;
    }
  } finally {
    await db.end();
  }
}

/**
 * Fills the read model directly up to `target` rows: copies of the rows the
 * workflows wrote, in earlier months (one month per copy), with categories and
 * statuses spread as a real year would have them. No workflow backs these rows.
 */
export async function seedReadModel(databaseUrl: string, target: number): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [{ n: real }] = (await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM assignments')).rows;
    const existing = real;
    let month = 0;
    let count = existing;
    while (count < target) {
      month += 1;
      const take = Math.min(target - count, existing);
      const res = await db.query(
        `INSERT INTO assignments (workflow_id, duty_id, agency_id, period_key, period_start, period_end, status, category,
           due_date, original_due_date, escalation_level, reminders_sent, state_version, submitted_at, completed_at)
         SELECT 'bench-seed/' || $1::int || '/' || a.workflow_id, a.duty_id, a.agency_id,
                to_char(m.start, 'YYYY-MM'), m.start, (m.start + interval '1 month' - interval '1 day')::date,
                s.status, s.category, (m.start + interval '1 month' + interval '4 days')::date,
                (m.start + interval '1 month' + interval '4 days')::date, s.level, 2, 5,
                CASE WHEN s.status = 'accepted' THEN m.start + interval '1 month' END,
                CASE WHEN s.status = 'accepted' THEN m.start + interval '1 month' END
         FROM (SELECT * FROM assignments WHERE workflow_id NOT LIKE 'bench-seed/%' ORDER BY id LIMIT $2) a
         CROSS JOIN (SELECT (date '2026-01-01' - ($1::int || ' months')::interval)::date AS start) m
         CROSS JOIN LATERAL (
           SELECT CASE WHEN h < 60 THEN 'accepted' WHEN h < 75 THEN 'accepted' WHEN h < 85 THEN 'submitted' ELSE 'assigned' END AS status,
                  CASE WHEN h < 60 THEN 'done-on-time' WHEN h < 75 THEN 'done-late' WHEN h < 85 THEN 'open-on-time' ELSE 'open-overdue' END AS category,
                  CASE WHEN h >= 85 THEN 1 ELSE 0 END AS level
           FROM (SELECT abs(hashtext(a.workflow_id || $1::text)) % 100 AS h) x
         ) s
         ON CONFLICT DO NOTHING`,
        [month, take],
      );
      count += res.rowCount ?? 0;
      if ((res.rowCount ?? 0) === 0) {
        break;
      }
    }
    await db.query('ANALYZE assignments');
    return count;
  } finally {
    await db.end();
  }
}

/** Rows and bytes (table + indexes + TOAST) per table, and per assignment. */
export async function tableCosts(
  databaseUrl: string,
  tables: string[],
): Promise<
  Array<{ table: string; rows: number; bytes: number; rowsPerAssignment: number; bytesPerAssignment: number }>
> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`ANALYZE ${tables.join(', ')}`);
    const [{ n: assignments }] = (await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM assignments')).rows;
    const out = [];
    for (const table of tables) {
      const [r] = (
        await db.query<{ rows: number; bytes: string }>(
          `SELECT (SELECT COUNT(*)::int FROM ${table}) AS rows, pg_total_relation_size($1::regclass)::text AS bytes`,
          [table],
        )
      ).rows;
      const bytes = Number(r.bytes);
      out.push({
        table,
        rows: r.rows,
        bytes,
        rowsPerAssignment: assignments ? Math.round((r.rows / assignments) * 100) / 100 : 0,
        bytesPerAssignment: assignments ? Math.round(bytes / assignments) : 0,
      });
    }
    return out;
  } finally {
    await db.end();
  }
}
