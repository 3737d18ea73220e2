import { OpenApiConformance, type OpenApiDoc } from '../openapi-conformance';
import { responseComponents } from './openapi';
import { NON_TRANSITION_EVENTS } from './responses';

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

/** A timeline event's time, author and empty `before` (events other than transitions). */
const event = { at: '2030-01-02T01:00:00.000Z', type: '', actor: 'system', before: null };
const emailSent = {
  ...event,
  type: 'email-sent',
  after: { kind: 'reminder', to: ['a@x.example'], cc: [], messageId: '<m-1@dondoc>' },
};
const emailFailed = {
  ...event,
  type: 'email-failed',
  after: {
    kind: 'reminder',
    to: ['a@x.example'],
    cc: [],
    smtpCode: 550,
    error: 'no such user',
    refused: [{ address: 'a@x.example', smtpCode: 550, error: 'no such user' }],
    outboxId: 'o-1',
  },
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
    'timeline: a transition',
    'TimelineEvent',
    {
      ...event,
      type: 'returned',
      actor: 'officer:a@thanhhoa.example',
      before: { status: 'submitted', category: 'open-on-time', dueDate: '2030-01-10', escalationLevel: 0 },
      after: {
        status: 'returned',
        category: 'open-on-time',
        dueDate: '2030-01-10',
        escalationLevel: 0,
        note: 'Thiếu số liệu',
        storedAfterRejection: { sqlState: '22P05', error: 'bad' },
      },
    },
    [[], ['before'], ['after'], ['after', 'storedAfterRejection']],
  ],
  [
    'timeline: a rejected record',
    'TimelineEvent',
    { ...event, type: 'record-rejected', after: { event: 'submitted', version: 3, sqlState: null, error: 'bad' } },
    [[], ['after']],
  ],
  [
    'timeline: a refused attachment',
    'TimelineEvent',
    {
      ...event,
      type: 'attachment-refused',
      after: { attachmentId: 'a-1', exists: true, reason: 'not a file uploaded to this assignment' },
    },
    [['after']],
  ],
  ['timeline: an email sent', 'TimelineEvent', emailSent, [['after']]],
  [
    'timeline: a resent email sent',
    'TimelineEvent',
    { ...emailSent, after: { ...emailSent.after, outboxId: 'o-1', resend: 1 } },
    [['after']],
  ],
  ['timeline: an email failed', 'TimelineEvent', emailFailed, [['after'], ['after', 'refused', 0]]],
  [
    'timeline: a resent email failed (no recipients recorded)',
    'TimelineEvent',
    {
      ...emailFailed,
      after: { kind: 'reminder', smtpCode: null, error: 'timeout', refused: [], outboxId: 'o-1', resend: 2 },
    },
    [['after']],
  ],
  [
    'timeline: an undeliverable address',
    'TimelineEvent',
    {
      ...event,
      type: 'email-undeliverable',
      after: { kind: 'reminder', address: 'a@x.example', smtpCode: 550, error: 'no such user' },
    },
    [['after']],
  ],
  [
    'timeline: no contact',
    'TimelineEvent',
    { ...event, type: 'email-no-contact', after: { kind: 'reminder' } },
    [['after']],
  ],
  [
    'timeline: told in the digest',
    'TimelineEvent',
    { ...event, type: 'email-deferred-to-digest', after: { kind: 'report-arrived' } },
    [['after']],
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
    const transition = cases.find(([label]) => label === 'timeline: a transition')![2] as Json;
    const state = transition.before as Record<string, unknown>;
    expect(check('TimelineEvent', { ...transition, before: null })).toBe('');
    // Events of the first workflow version recorded no escalation level.
    const first = { ...state };
    delete first.escalationLevel;
    expect(check('TimelineEvent', { ...transition, before: first })).toBe('');
    expect(check('TimelineEvent', { ...transition, before: { ...state, extra: 1 } })).toContain('does not match');
    // Events other than transitions record nothing before them.
    expect(check('TimelineEvent', { ...emailSent, before: state })).toContain('does not match');
  });

  it('a timeline event is checked against the shape of its type: an empty or a wrong-shape after is refused', () => {
    // The email shape had only optional fields: {} passed.
    for (const type of NON_TRANSITION_EVENTS) {
      expect([type, check('TimelineEvent', { ...event, type, after: {} })]).toEqual([
        type,
        expect.stringContaining('does not match'),
      ]);
    }
    const transition = cases.find(([label]) => label === 'timeline: a transition')![2] as Json;
    // A transition's state under an email event, and an email event's after under a transition.
    expect(check('TimelineEvent', { ...emailSent, after: transition.after })).toContain('does not match');
    expect(check('TimelineEvent', { ...transition, after: emailSent.after })).toContain('does not match');
    // An undeliverable address's after under email-sent (no recipients, no Message-ID).
    const undeliverable = { kind: 'reminder', address: 'a@x.example', smtpCode: 550, error: 'no such user' };
    expect(check('TimelineEvent', { ...emailSent, after: undeliverable })).toContain('does not match');
    // Each required field of an email event's after is required.
    for (const field of ['kind', 'to', 'cc', 'messageId']) {
      const after: Json = { ...emailSent.after };
      delete after[field];
      expect([field, check('TimelineEvent', { ...emailSent, after })]).toEqual([
        field,
        expect.stringContaining('does not match'),
      ]);
    }
    // A transition after with no state, and an event with no after.
    expect(check('TimelineEvent', { ...transition, after: {} })).toContain('does not match');
    expect(check('TimelineEvent', { ...emailSent, after: null })).toContain('does not match');
    // The union is a oneOf: exactly one variant applies.
    const timeline = schemas.TimelineEvent as { oneOf?: unknown[] };
    expect(timeline.oneOf).toHaveLength(1 + NON_TRANSITION_EVENTS.length);
  });

  it("a duty's spec is the plan catalog's: an unknown field in it or in an evidence field is refused", () => {
    const spec = (schemas.PlanDetail as { properties: { duties: { items: { properties: { spec: Json } } } } })
      .properties.duties.items.properties.spec;
    expect(spec.additionalProperties).toBe(false);
    const evidence = (spec.properties as { evidence: { properties: { fields: { items: Json } } } }).evidence;
    expect(evidence.properties.fields.items.additionalProperties).toBe(false);
  });
});
