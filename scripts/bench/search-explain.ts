/**
 * `npm run build && node dist/scripts/bench/search-explain.js [--rows=10000] [--agencies=0] [--runs=7]`
 *
 * How the assignment search (`GET /api/v1/assignments?q=`) runs at scale: starts an embedded
 * PostgreSQL on a free port, applies the migrations and the shipped reference data, fills the
 * read model with `rows` assignments (the shipped agencies × active duties × months, spread
 * deterministically; `agencies` synthetic communes are added first, as `npm run bench` adds them to
 * reach its sizes, so the agency registry is as large as in the benchmark), then runs `EXPLAIN (ANALYZE, BUFFERS)` on exactly the statements
 * `AssignmentRepository.list` sends (the total and the first page of 50, due-date order) for a
 * few searches. Prints, per search, the matching rows, the median execution time of each
 * statement in milliseconds (PostgreSQL's own "Execution Time", `runs` runs after one warm-up)
 * and the indexes the plans use. A benchmark figure, not a test: nothing is asserted.
 */
import { AssignmentRepository } from '../../libs/persistence/src/repositories';
import { fillAssignments, intArg, median, runScript, withBenchDatabase } from './explain-db';

const SEARCHES = ['xuân', 'đông sơn', 'Xuân Hoà', 'ủy ban', 'dai truyen thanh cap xa'];

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function indexesOf(node: PlanNode, out = new Set<string>()): Set<string> {
  if (node['Index Name']) {
    out.add(`${node['Node Type']} ${node['Index Name']}`);
  } else if (node['Node Type'] === 'Seq Scan') {
    out.add(`Seq Scan ${node['Relation Name']}`);
  }
  for (const child of node.Plans ?? []) {
    indexesOf(child, out);
  }
  return out;
}

async function main(): Promise<void> {
  const target = intArg('rows', 10_000);
  const runs = intArg('runs', 7);
  const synthetic = intArg('agencies', 0);
  await withBenchDatabase('search', synthetic, async (ds) => {
    await fillAssignments(ds, { prefix: 'search-bench', rows: target });
    const [{ n }] = await ds.query<Array<{ n: number }>>('SELECT COUNT(*)::int AS n FROM assignments');
    const [{ g }] = await ds.query<Array<{ g: number }>>('SELECT COUNT(*)::int AS g FROM agencies');
    console.log(
      `assignments: ${n}; agencies: ${g}; ${runs} runs per statement after one warm-up; times are PostgreSQL's own`,
    );
    const repo = new AssignmentRepository(ds);
    for (const q of SEARCHES) {
      const matchStarted = process.hrtime.bigint();
      const matches = await repo.searchMatches(q);
      const matchMs = Number(process.hrtime.bigint() - matchStarted) / 1e6;
      const { count, rows, params } = repo.listSql({ q }, { offset: 0, limit: 50 }, undefined, matches);
      const [{ total }] = await ds.query<Array<{ total: number }>>(count, params);
      const line: string[] = [
        `q=${JSON.stringify(q)}: ${total} rows; matches ${matches.agencyIds.length} agencies and ${matches.dutyIds.length} duties in ${matchMs.toFixed(1)} ms (round trip)`,
      ];
      for (const [name, sql] of [
        ['total', count],
        ['page', rows],
      ] as const) {
        const times: number[] = [];
        let plan: PlanNode | null = null;
        for (let i = 0; i <= runs; i++) {
          const [{ 'QUERY PLAN': explained }] = await ds.query<
            Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>
          >(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
          if (i > 0) {
            times.push(explained[0]['Execution Time']);
          }
          plan = explained[0].Plan;
        }
        line.push(`${name} ${median(times).toFixed(1)} ms [${[...indexesOf(plan!)].join(', ')}]`);
      }
      console.log(line.join('; '));
    }
  });
}

runScript(main);
