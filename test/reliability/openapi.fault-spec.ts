import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { stackCalendar } from '../support/calendar';
import { vietnamDateOf } from '../../libs/domain/src/local-date';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { importReferenceData } from '../../libs/persistence/src/reference-data';
import { UserRepository } from '../../libs/persistence/src/repositories';
import { createAgencyLinkToken } from '../../libs/security/src/agency-link';
import { assignmentWorkflowId, type AssignmentInput } from '../../workflows/assignment.messages';
import { startTestApi } from '../support/api';
import { startFaultStack, type FaultStack } from '../support/fault-stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
const PASSWORD = 'mat-khau-du-dai-123';
const LINK_SECRET = 'dev-only-link-secret-change-me';
const FUZZ_MAX_EXAMPLES = 15;
/**
 * What schemathesis checks on every answer: no server error, a status the operation documents
 * (refusals and errors under `default`), a documented content type, and a body that matches
 * the documented schema (closed objects, so an undocumented field fails).
 */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];
/** Seconds a request may take before the fuzzer reports it as a hang. */
const REQUEST_TIMEOUT_SECONDS = 60;

/** What scripts/provision-fuzz.mjs installed (run by `npm run test:faults`). */
function schemathesis(): { python: string; module: string } {
  const path = join(__dirname, '..', '..', '.tools', 'fuzz.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { python: string; module: string };
  } catch {
    throw new Error(
      'schemathesis is not provisioned: run `node scripts/provision-fuzz.mjs` (npm run test:faults does)',
    );
  }
}

/**
 * Every operation of the OpenAPI document fuzzed by schemathesis (from PyPI,
 * pinned), on 127.0.0.1 only, deterministically (derandomised generation) with
 * a bounded number of examples per operation, once as an officer and once as an
 * agency holding an emailed link. Schemathesis checks every answer against the
 * document (CHECKS: no server error, a documented status, a documented content
 * type, a body matching its schema, undocumented fields included); counted from
 * its HAR report of every request: none carries a stack trace, none hangs past
 * the request timeout, and every refusal (4xx) says why in words, Vietnamese first.
 */
describe('faults: OpenAPI fuzz with schemathesis (own stack)', () => {
  let stack: FaultStack;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let ds: DataSource;
  let officer: string;
  const period = `fault-fuzz-${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startFaultStack('openapi', {
      env: {
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
        PROD_LIMIT_PER_AGENCY: '1000000',
      },
    });
    stack.applyEnv();
    ds = await createDataSource(stack.databaseUrl).initialize();
    await importReferenceData(ds);
    const email = `officer-${period}@thanhhoa.example`;
    await new UserRepository(ds).create({
      email,
      displayName: 'Cán bộ',
      role: 'officer',
      agencyId: null,
      passwordHash: await hash(PASSWORD),
    });
    await stack.startWorker();
    // The fuzz checks the contract, not the machine's speed: the API's deadlines on Temporal calls
    // (503 WORKFLOW_TIMEOUT past them, tested in workflow-deadlines.int-spec.ts) sit just under the
    // fuzzer's request timeout, so a slow but working answer on a loaded machine is not a 5xx, and a
    // call that never answers still fails the run.
    process.env.TEMPORAL_QUERY_TIMEOUT_MS = String((REQUEST_TIMEOUT_SECONDS - 10) * 1000);
    process.env.TEMPORAL_UPDATE_TIMEOUT_MS = String((REQUEST_TIMEOUT_SECONDS - 10) * 1000);
    api = await startTestApi();
    const login = await fetch(`${api.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    officer = ((await login.json()) as { accessToken: string }).accessToken;
    // Some real assignments, so that lists and lookups have something to find.
    const connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      const client = new Client({ connection });
      for (const agencyCode of ['xa-yen-nhan', 'xa-van-xuan']) {
        const input: AssignmentInput = {
          planCode: PLAN,
          dutyCode: DUTY,
          agencyCode,
          periodKey: period,
          periodStart: null,
          periodEnd: null,
          dueDate: stackCalendar().addWorkingDays(vietnamDateOf(new Date()), 10),
          reminderLocalTime: '08:00',
        };
        await client.workflow.start('assignmentWorkflow', {
          taskQueue: stack.taskQueue,
          workflowId: assignmentWorkflowId(DUTY, agencyCode, period),
          args: [input],
        });
      }
    } finally {
      await connection.close();
    }
  }, 600_000);

  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
    await stack?.close();
  });

  interface HarEntry {
    request: { method: string; url: string };
    response: { status: number; content?: { text?: string; encoding?: string } };
    time?: number;
  }

  /** The parts of schemathesis's JSON report (`--report json`) this test reads. */
  interface JsonReport {
    operations: { selected: number; tested: number; errored: number };
    test_cases: { generated: number; unique_failures: number; errored: number };
    failures: Array<{ title: string; count: number; operations: string[] }>;
    errors: Array<{ title: string; count: number }>;
  }

  /** What the fuzzer sent and got back, read from its HAR report (every request it made, with each answer). */
  interface FuzzResult {
    code: number | null;
    output: string;
    report: JsonReport | null;
    requests: number;
    serverErrors: string[];
    stackTraces: string[];
    unclear: string[];
  }

  /** A Node or Nest stack trace, or a source path, in an answer body. */
  const STACK_TRACE = /\n\s+at [^\n]+:\d+:\d+|node_modules\/|\.ts:\d+:\d+/;

  async function fuzz(name: string, header: string): Promise<FuzzResult> {
    const { python, module } = schemathesis();
    const har = join(stack.dir, `fuzz-${name}.har`);
    const json = join(stack.dir, `fuzz-${name}.json`);
    const args = [
      '-m',
      module,
      'run',
      `${api.base}/api/docs-json`,
      '--url',
      api.base,
      // No 5xx, and every answer as the document says: a documented status (the errors under `default`),
      // a documented content type, and a body matching the documented schema (response shapes are closed:
      // additionalProperties false, so an undocumented field fails too).
      '--checks',
      CHECKS.join(','),
      // Deterministic, so a run can be repeated exactly (docs/reliability.md): Hypothesis's derandomised
      // mode (each operation's examples from a fixed seed derived from the operation, no example database
      // carried over from an earlier run), a bounded number of examples per operation, one worker; the
      // stateful phase (sequences built from the answers' ids, which differ per run) is left out.
      '--generation-deterministic',
      '--max-examples',
      String(FUZZ_MAX_EXAMPLES),
      '--phases',
      'examples,coverage,fuzzing',
      '--workers',
      '1',
      '--no-shrink',
      // A request still unanswered after this long is a hang (reported as an error, failing the run).
      '--request-timeout',
      String(REQUEST_TIMEOUT_SECONDS),
      '--continue-on-failure',
      '--report',
      'har,json',
      '--report-har-path',
      har,
      '--report-json-path',
      json,
      '--no-color',
      '-H',
      header,
    ];
    // In the stack's temporary folder: whatever the fuzzer keeps on disk goes with the stack.
    const child = spawn(python, args, { cwd: stack.dir, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const entries = existsSync(har)
      ? (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries
      : [];
    const body = (e: HarEntry) => {
      const c = e.response.content;
      return c?.encoding === 'base64' ? Buffer.from(c.text ?? '', 'base64').toString('utf8') : (c?.text ?? '');
    };
    const where = (e: HarEntry) => `${e.request.method} ${new URL(e.request.url).pathname} → ${e.response.status}`;
    return {
      code,
      output,
      report: existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as JsonReport) : null,
      requests: entries.length,
      serverErrors: entries.filter((e) => e.response.status >= 500).map(where),
      stackTraces: entries.filter((e) => STACK_TRACE.test(body(e))).map(where),
      // Every refusal says why in words, Vietnamese first: `{ code, message, text: { vi, en } }`.
      unclear: entries
        .filter((e) => e.response.status >= 400 && e.response.status < 500)
        .filter((e) => {
          try {
            const b = JSON.parse(body(e)) as { code?: unknown; text?: { vi?: unknown } };
            return typeof b.code !== 'string' || typeof b.text?.vi !== 'string' || b.text.vi === '';
          } catch {
            return true;
          }
        })
        .map(where),
    };
  }

  /** Schemathesis's own account of each failure (the request to repeat it, what was expected and what came). */
  const failureDetails = (output: string) => {
    const lines = output.split('\n');
    const from = lines.findIndex((l) => /^=+ FAILURES =+$/.test(l.trim()));
    const to = lines.findIndex((l, i) => i > from && /^=+ (SUMMARY|ERRORS|WARNINGS) =+$/.test(l.trim()));
    return from < 0 ? '' : lines.slice(from, to < 0 ? undefined : to).join('\n');
  };

  /** Each kind of failure with the operations it hit: `Response violates schema ×3: GET /api/v1/…`. */
  const failureGroups = (r: FuzzResult) =>
    (r.report?.failures ?? []).map((f) => `${f.title} ×${f.count}: ${f.operations.join(', ')}`);

  function report(who: string, r: FuzzResult): void {
    const rep = r.report;
    process.stdout.write(
      `[faults] schemathesis ${who} (deterministic, ${FUZZ_MAX_EXAMPLES} examples per operation, checks ${CHECKS.join(', ')}; exit ${r.code}): ` +
        `${rep?.operations.tested ?? '?'} of ${rep?.operations.selected ?? '?'} operations, ` +
        `${rep?.test_cases.generated ?? '?'} test cases, ${r.requests} requests; ` +
        `unique failures ${rep?.test_cases.unique_failures ?? '?'}, errors ${rep?.test_cases.errored ?? '?'}; ` +
        `5xx ${r.serverErrors.length}, stack traces ${r.stackTraces.length}, ` +
        `4xx without a Vietnamese message ${r.unclear.length}\n` +
        failureGroups(r)
          .map((g) => `  ${g}\n`)
          .join(''),
    );
  }

  function expectClean(r: FuzzResult): void {
    expect({ requests: r.requests > 0, output: r.requests > 0 ? '' : r.output.slice(-6000) }).toEqual({
      requests: true,
      output: '',
    });
    expect([...new Set(r.serverErrors)]).toEqual([]);
    expect([...new Set(r.stackTraces)]).toEqual([]);
    expect([...new Set(r.unclear)]).toEqual([]);
    // Every answer as documented: each failed check by kind and operation, then schemathesis's details
    // (the curl command that repeats it, the schema path that was violated, the body that came back).
    expect({
      failures: failureGroups(r),
      details: failureGroups(r).length ? failureDetails(r.output).slice(0, 20_000) : '',
    }).toEqual({
      failures: [],
      details: '',
    });
    // Errors (a request unanswered in time, a schema it could not use) and failed checks fail the run.
    expect({ exit: r.code, output: r.code === 0 ? '' : r.output.slice(-6000) }).toEqual({ exit: 0, output: '' });
  }

  it('as an officer: every answer as documented, no server error, no stack trace, no hang; every refusal in words', async () => {
    const r = await fuzz('officer', `Authorization: Bearer ${officer}`);
    report('as an officer', r);
    expectClean(r);
  });

  it('as an agency with its emailed link: every answer as documented, no server error, no stack trace, no hang; every refusal in words', async () => {
    const link = createAgencyLinkToken(
      { agency: 'xa-yen-nhan', exp: Math.floor(Date.now() / 1000) + 7200, gen: 1 },
      LINK_SECRET,
    );
    const r = await fuzz('agency', `X-Agency-Link: ${link}`);
    report('with an agency link', r);
    expectClean(r);
  });
});
