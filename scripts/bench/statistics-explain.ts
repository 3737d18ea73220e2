/**
 * `npm run build && node dist/scripts/bench/statistics-explain.js [--rows=16000] [--agencies=15000] [--runs=7]`
 *
 * Where the time of `GET /api/v1/statistics` goes at scale, part by part: starts an embedded
 * PostgreSQL on a free port, applies the migrations and the shipped reference data, adds
 * `agencies` synthetic communes (as `npm run bench` does to reach its sizes) and fills the read
 * model with `rows` assignments, then, for each grouping, prints the median of `runs` runs of:
 * the SQL (PostgreSQL's own execution time, EXPLAIN ANALYZE), the repository call (round trip and
 * row decoding), the controller's folding into groups (`statisticsAnswer`), and JSON.stringify of the answer, with the
 * answer's size in bytes. A benchmark figure, not a test: nothing is asserted.
 */
import { AssignmentRepository } from '../../libs/persistence/src/repositories';
import { statisticsAnswer } from '../../apps/api/src/assignments/statistics.controller';
import { fillAssignments, intArg, median, runScript, withBenchDatabase } from './explain-db';

const ms = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

async function main(): Promise<void> {
  const target = intArg('rows', 16_000);
  const synthetic = intArg('agencies', 15_000);
  const runs = intArg('runs', 7);
  await withBenchDatabase('statistics', synthetic, async (ds) => {
    // One assignment per (agency, duty, month) of three duties, spread over the year and the four categories.
    await fillAssignments(ds, { prefix: 'statistics-bench', rows: target, spread: true, duties: 3 });
    const [{ n, g }] = await ds.query<Array<{ n: number; g: number }>>(
      'SELECT (SELECT COUNT(*)::int FROM assignments) AS n, (SELECT COUNT(DISTINCT agency_id)::int FROM assignments) AS g',
    );
    console.log(`assignments: ${n} of ${g} agencies; ${runs} runs after one warm-up; medians in ms`);
    const repo = new AssignmentRepository(ds);
    for (const groupBy of ['agency', 'duty', 'agencyKind', 'period'] as const) {
      const times = {
        sql: [] as number[],
        repository: [] as number[],
        folding: [] as number[],
        json: [] as number[],
      };
      let bytes = 0;
      let groups = 0;
      for (let i = 0; i <= runs; i++) {
        const { sql, params } = repo.statisticsSql(groupBy, {});
        const [{ 'QUERY PLAN': explained }] = await ds.query<
          Array<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>
        >(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        let t = process.hrtime.bigint();
        const rows = await repo.statistics(groupBy, {});
        const repository = ms(t);
        t = process.hrtime.bigint();
        const answer = statisticsAnswer(groupBy, null, rows);
        const folding = ms(t);
        t = process.hrtime.bigint();
        const body = JSON.stringify(answer);
        const json = ms(t);
        bytes = Buffer.byteLength(body);
        groups = answer.groups.length;
        if (i > 0) {
          times.sql.push(explained[0]['Execution Time']);
          times.repository.push(repository);
          times.folding.push(folding);
          times.json.push(json);
        }
      }
      console.log(
        `groupBy=${groupBy}: ${groups} groups, ${bytes} bytes; SQL ${median(times.sql).toFixed(1)}, repository ${median(times.repository).toFixed(1)}, folding ${median(times.folding).toFixed(1)}, JSON ${median(times.json).toFixed(1)}`,
      );
    }
  });
}

runScript(main);
