import { OpenApiConformance, type OpenApiDoc } from '../openapi-conformance';
import { responseComponents } from './openapi';
import './responses';

/**
 * The response shapes that once accepted any field are closed now: a sample of each real shape
 * conforms, and the same sample with one field more is refused, at every level (the OpenAPI
 * document's schemas, as the conformance check of test/api.int-spec.ts and the fuzz read them).
 */
const schemas = responseComponents();
const doc: OpenApiDoc = {
  paths: Object.fromEntries(
    Object.keys(schemas).map((name) => [
      `/${name}`,
      {
        get: {
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
          },
        },
      },
    ]),
  ),
  components: { schemas: schemas as Record<string, Record<string, unknown>> },
};
const conformance = new OpenApiConformance(doc);
const check = (name: string, body: unknown): string => conformance.check(`GET /${name}`, 200, body);

type Json = Record<string, unknown>;
/** A copy of `body` with `extra: 1` added to the object at `path` (keys and array indexes). */
function withExtra(body: unknown, path: Array<string | number>): unknown {
  const copy = structuredClone(body) as Json;
  let target: unknown = copy;
  for (const key of path) {
    target = (target as Record<string | number, unknown>)[key];
  }
  (target as Json).extra = 1;
  return copy;
}

const counts = { 'open-on-time': 1, 'open-overdue': 0, 'done-on-time': 2, 'done-late': 0 };
const progress = {
  phase: 'done',
  total: 2,
  done: 2,
  succeeded: 1,
  alreadyDone: 0,
  failed: 1,
  failures: [{ target: 'xa-a', reason: 'closed' }],
};
const base = {
  id: 'op-1',
  status: 'completed',
  startedAt: '2030-01-02T01:00:00.000Z',
  closedAt: '2030-01-02T01:00:05.000Z',
  error: null,
};
const agency = {
  code: 'huyen-a',
  name: 'Huyện A',
  kind: 'district',
  subtype: null,
  parentCode: null,
  successorCode: null,
  validFrom: null,
  validTo: null,
  active: true,
  focalEmail: null,
  headEmail: null,
  formedFrom: [],
  undeliverableEmails: [],
  undeliverable: [],
  prefersDigest: false,
};
const importSummary = {
  applied: false,
  fileName: 'a.csv',
  sha256: 'ab'.repeat(32),
  format: 'canonical',
  encoding: 'utf-8',
  separator: ',',
  notes: [{ vi: 'Ghi chú', en: 'Note' }],
  rows: 2,
  created: [{ code: 'xa-b', name: 'Xã B', line: 2 }],
  changed: [
    {
      code: 'xa-c',
      name: 'Xã C',
      line: 3,
      fields: [
        { field: 'formedFrom', before: ['Xã X'], after: ['Xã X', 'Xã Y'] },
        { field: 'note', before: null, after: 'ghi chú' },
      ],
    },
  ],
  retired: [{ code: 'xa-d', name: 'Xã D', line: 4, validTo: '2030-06-30' }],
  unchanged: 0,
};

/** [schema name, a real sample, the paths of objects that must refuse an extra field]. */
const cases: Array<[string, string, unknown, Array<Array<string | number>>]> = [
  [
    'operation: report-request fan-out',
    'Operation',
    { ...base, type: 'reportRequestWorkflow', progress, result: progress },
    [[], ['progress'], ['result'], ['result', 'failures', 0]],
  ],
  [
    'operation: bulk signal, running',
    'Operation',
    { ...base, status: 'running', closedAt: null, type: 'bulkSignalWorkflow', progress, result: null },
    [['progress']],
  ],
  [
    'operation: reorganisation',
    'Operation',
    {
      ...base,
      type: 'agencyReorganisationWorkflow',
      progress,
      result: {
        ...progress,
        type: 'merge',
        effectiveDate: '2030-01-01',
        retired: ['xa-a'],
        successors: ['xa-b'],
        reason: 'Sáp nhập / Merged',
        moved: [{ from: 'wf-a', to: 'xa-b', duty: 'v8', period: '2030-01' }],
      },
    },
    [['result'], ['result', 'moved', 0]],
  ],
  [
    'operation: period opening',
    'Operation',
    {
      ...base,
      type: 'periodOpenWorkflow',
      progress: { onDate: '2030-01-01', total: 3, done: 3, started: 2, alreadyRunning: 1, runs: 1 },
      result: { onDate: '2030-01-01', total: 3, done: 3, started: 2, alreadyRunning: 1, runs: 1 },
    },
    [['progress'], ['result']],
  ],
  [
    'operation: period close',
    'Operation',
    {
      ...base,
      type: 'periodCloseWorkflow',
      progress: null,
      result: {
        reportId: 'r-1',
        version: 2,
        total: 3,
        counts,
        requested: { total: 1, counts },
        emailedTo: ['so-tt@thanhhoa.example'],
      },
    },
    [['result'], ['result', 'counts'], ['result', 'requested']],
  ],
  [
    'agency tree, nested twice',
    'AgencyTree',
    [
      {
        kind: 'district',
        agencies: [
          { ...agency, children: [{ ...agency, code: 'xa-a', children: [{ ...agency, code: 'thon', children: [] }] }] },
        ],
      },
    ],
    [[0], [0, 'agencies', 0], [0, 'agencies', 0, 'children', 0], [0, 'agencies', 0, 'children', 0, 'children', 0]],
  ],
  [
    'registry import preview',
    'RegistryImport',
    importSummary,
    [[], ['created', 0], ['changed', 0], ['changed', 0, 'fields', 0], ['retired', 0], ['notes', 0]],
  ],
  ['registry import applied (XLSX)', 'RegistryImport', { ...importSummary, applied: true, separator: null }, [[]]],
  [
    'timeline after: a transition',
    'TimelineAfter',
    {
      status: 'returned',
      category: 'open-on-time',
      dueDate: '2030-01-10',
      escalationLevel: 0,
      note: 'Thiếu số liệu',
      storedAfterRejection: { sqlState: '22P05', error: 'bad' },
    },
    [[], ['storedAfterRejection']],
  ],
  [
    'timeline after: a rejected record',
    'TimelineAfter',
    { event: 'submitted', version: 3, sqlState: null, error: 'bad' },
    [[]],
  ],
  [
    'timeline after: a refused attachment',
    'TimelineAfter',
    { attachmentId: 'a-1', exists: true, reason: 'not a file uploaded to this assignment' },
    [[]],
  ],
  [
    'timeline after: an email',
    'TimelineAfter',
    {
      kind: 'reminder',
      to: ['a@x.example'],
      cc: [],
      smtpCode: 550,
      error: 'no such user',
      refused: [{ address: 'a@x.example', smtpCode: 550, error: 'no such user' }],
      outboxId: 'o-1',
      resend: 1,
    },
    [[], ['refused', 0]],
  ],
];

describe('closed response schemas', () => {
  it.each(cases)('%s: the sample conforms and one field more is refused at every level', (_, name, sample, paths) => {
    expect(check(name, sample)).toBe('');
    for (const path of paths) {
      expect([path.join('.'), check(name, withExtra(sample, path))]).toEqual([
        path.join('.'),
        expect.stringContaining('does not match its documented schema'),
      ]);
    }
  });

  it("an operation's result must be the one of its kind (a period close's result is no fan-out's)", () => {
    const close = cases.find(([label]) => label === 'operation: period close')![2] as Json;
    expect(check('Operation', { ...close, type: 'reportRequestWorkflow' })).toContain('does not match');
  });

  it("a timeline event's before is the state a transition left, nothing else", () => {
    const detail = (schemas.AssignmentDetail as { properties: Json }).properties.timeline as {
      items: { properties: { before: Json } };
    };
    const before = new OpenApiConformance({
      paths: {
        '/before': {
          get: {
            responses: { '200': { content: { 'application/json': { schema: detail.items.properties.before } } } },
          },
        },
      },
      components: doc.components,
    });
    const state = { status: 'submitted', category: 'open-on-time', dueDate: '2030-01-10', escalationLevel: 0 };
    expect(before.check('GET /before', 200, state)).toBe('');
    expect(before.check('GET /before', 200, null)).toBe('');
    // Events of the first workflow version recorded no escalation level.
    const first: Partial<typeof state> = { ...state };
    delete first.escalationLevel;
    expect(before.check('GET /before', 200, first)).toBe('');
    expect(before.check('GET /before', 200, { ...state, extra: 1 })).toContain('"extra"');
  });

  it("a duty's spec is the plan catalog's: an unknown field in it or in an evidence field is refused", () => {
    const spec = (schemas.PlanDetail as { properties: { duties: { items: { properties: { spec: Json } } } } })
      .properties.duties.items.properties.spec;
    expect(spec.additionalProperties).toBe(false);
    const evidence = (spec.properties as { evidence: { properties: { fields: { items: Json } } } }).evidence;
    expect(evidence.properties.fields.items.additionalProperties).toBe(false);
  });
});
