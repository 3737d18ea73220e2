/** Shapes of a benchmark run's JSON, and its markdown table. Times in seconds unless named *Ms; memory in MiB. */

/** CPU seconds (user + system) used by each part during a scenario; `bench` runs the anchor worker and autocannon. */
export interface CpuUse {
  worker: number;
  api: number;
  temporal: number;
  postgres: number;
  bench: number;
}
export type CpuDelta = CpuUse & { total: number };

export interface ReadResult {
  /** Which size the read model had ("10000", "10×10000"). */
  label: string;
  /** Rows in the assignments table during the run. */
  rows: number;
  endpoint: string;
  /** Answers received in the run (latencies are of these). */
  requests: number;
  p50: number;
  p99: number;
  max: number;
  requestsPerSecond: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  responseBytes: number;
  cpu: CpuDelta;
}

export interface SizeResult {
  size: number;
  period: string;
  product: {
    total: number;
    runs: number;
    openSeconds: number;
    openRate: number;
    pipelineSeconds: number;
    pipelineRate: number;
    pipelineComplete: boolean;
    rowsReached: number;
    mailsReached: number;
    cpu: CpuDelta;
  };
  anchorOpen: { seconds: number; rate: number; cpu: CpuDelta };
  anchorPipeline: { seconds: number; rate: number; complete: boolean; cpu: CpuDelta };
  /** Product start rate / anchor start rate. */
  openRatio: number;
  /** Anchor pipeline time / product pipeline time (1 = as fast as the anchor). */
  pipelineRatio: number;
  workerRssMiB: number | null;
  apiRssMiB: number | null;
  temporalRssMiB: number | null;
  /** Rows in the read model (assignments of every month opened so far). */
  openWorkflows: number;
  historyEventsOpenAssignment: number | null;
  historyEventsOpener: number;
  queryColdMs?: number;
  queryWarmMs?: number;
}

export interface BenchResult {
  mode: string;
  startedAt: string;
  finishedAt: string;
  options: Record<string, unknown>;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  startup: Record<string, number>;
  /** Seconds each worker restart took until it polled again. */
  workerRestarts: number[];
  sizes: SizeResult[];
  storm: {
    emails: number;
    delivered: number;
    complete: boolean;
    requestStatus: number;
    requestSeconds: number;
    requestBody: string;
    latenessP50: number;
    latenessP99: number;
    latenessMax: number;
    emailsPerSecond: number;
    cpu: CpuDelta;
  } | null;
  reads: ReadResult[];
  cost: {
    workerRssMiB: number | null;
    apiRssMiB: number | null;
    temporalRssMiB: number | null;
    openAssignments: number;
    tables: Array<{
      table: string;
      rows: number;
      bytes: number;
      rowsPerAssignment: number;
      bytesPerAssignment: number;
    }>;
  } | null;
}

function perItem(cpu: CpuDelta, items: number): string {
  const ms = (v: number): number => Math.round((v / Math.max(1, items)) * 10_000) / 10;
  return `${ms(cpu.worker)} / ${ms(cpu.temporal)} / ${ms(cpu.postgres)} / ${ms(cpu.api)} / ${ms(cpu.bench)} = **${ms(cpu.total)}**`;
}

const row = (cells: Array<string | number | null | undefined>): string =>
  `| ${cells.map((c) => (c === null || c === undefined ? '–' : String(c))).join(' | ')} |`;

export function renderMarkdown(r: BenchResult): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`### Benchmark (${r.mode}), ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  out.push('');
  out.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; load average ${m.loadAverageAtStart.join(' / ')} at start, ${m.loadAverageAtEnd.join(' / ')} at the end` +
      (Math.max(...m.loadAverageAtStart, ...m.loadAverageAtEnd) > m.cpus
        ? ' (**loaded machine**: other work shared the cores).'
        : '.'),
  );
  out.push(`Options: ${JSON.stringify(r.options)}`);
  out.push('');
  out.push('#### Open and pipeline (product vs anchor on the same server)');
  out.push('');
  out.push(
    row([
      'size',
      'product starts/s',
      'anchor starts/s',
      'open ratio',
      'product pipeline s',
      'anchor pipeline s',
      'pipeline ratio',
      'opener runs',
      'worker RSS MiB',
      'API RSS MiB',
      'Temporal RSS MiB',
    ]),
  );
  out.push(row(Array<string>(11).fill('---')));
  for (const s of r.sizes) {
    out.push(
      row([
        s.product.total,
        s.product.openRate,
        s.anchorOpen.rate,
        s.openRatio,
        `${s.product.pipelineSeconds}${s.product.pipelineComplete ? '' : ` (incomplete: ${s.product.rowsReached} rows, ${s.product.mailsReached} mails)`}`,
        `${s.anchorPipeline.seconds}${s.anchorPipeline.complete ? '' : ' (incomplete)'}`,
        s.pipelineRatio,
        s.product.runs,
        s.workerRssMiB,
        s.apiRssMiB,
        s.temporalRssMiB,
      ]),
    );
  }
  out.push('');
  out.push(
    'CPU milliseconds per item (user + system; figures a loaded machine does not inflate): worker / Temporal / PostgreSQL / API / bench process (anchor worker, SMTP peer) = total.',
  );
  out.push('');
  out.push(
    row([
      'size',
      'product (open + pipeline)',
      'anchor pipeline',
      'anchor open (starts + one task)',
      'CPU ratio (anchor pipeline / product)',
    ]),
  );
  out.push(row(Array<string>(5).fill('---')));
  for (const s of r.sizes) {
    out.push(
      row([
        s.product.total,
        perItem(s.product.cpu, s.product.total),
        perItem(s.anchorPipeline.cpu, s.size),
        perItem(s.anchorOpen.cpu, s.size),
        s.product.cpu.total
          ? Math.round((s.anchorPipeline.cpu.total / s.size / (s.product.cpu.total / s.product.total)) * 100) / 100
          : null,
      ]),
    );
  }
  out.push('');
  out.push(
    'Pipeline: from the start of periodOpenWorkflow until every assignment has its read-model row and its email accepted by SMTP; the anchor starts one workflow per item doing one insert activity and one SMTP activity. Ratio = anchor time / product time.',
  );
  out.push('');
  if (r.storm) {
    const st = r.storm;
    out.push('#### Storm (bulk prod of one month)');
    out.push('');
    out.push(
      row([
        'emails',
        'delivered',
        'lateness p50 s',
        'p99 s',
        'max s',
        'emails/s',
        'request s (status)',
        'CPU ms per email',
      ]),
    );
    out.push(row(Array<string>(8).fill('---')));
    out.push(
      row([
        st.emails,
        st.delivered,
        st.latenessP50,
        st.latenessP99,
        st.latenessMax,
        st.emailsPerSecond,
        `${st.requestSeconds} (${st.requestStatus})`,
        perItem(st.cpu, st.emails),
      ]),
    );
    out.push('');
  }
  out.push(
    `#### Reads (${String(r.options.connections)} clients, ${String(r.options.duration)} s each, autocannon; milliseconds)`,
  );
  out.push('');
  out.push(
    row([
      'read model',
      'rows',
      'endpoint',
      'p50',
      'p99',
      'max',
      'answers',
      'req/s',
      'errors',
      'answer bytes',
      'CPU ms per answer: API / PostgreSQL',
    ]),
  );
  out.push(row(Array<string>(11).fill('---')));
  for (const x of r.reads) {
    const per = (v: number): number => Math.round((v / Math.max(1, x.requests)) * 10_000) / 10;
    out.push(
      row([
        x.label,
        x.rows,
        x.endpoint,
        x.p50,
        x.p99,
        x.max,
        x.requests,
        x.requestsPerSecond,
        x.errors,
        x.responseBytes,
        `${per(x.cpu.api)} / ${per(x.cpu.postgres)}`,
      ]),
    );
  }
  out.push('');
  out.push('#### Cost');
  out.push('');
  if (r.cost) {
    out.push(
      `After the storm, ${r.cost.openAssignments} assignments open: worker RSS ${r.cost.workerRssMiB} MiB (restarted after the last size), API ${r.cost.apiRssMiB} MiB, Temporal dev server ${r.cost.temporalRssMiB} MiB.`,
    );
    out.push('');
    out.push(row(['table', 'rows', 'bytes', 'rows per assignment', 'bytes per assignment']));
    out.push(row(Array<string>(5).fill('---')));
    for (const t of r.cost.tables) {
      out.push(row([t.table, t.rows, t.bytes, t.rowsPerAssignment, t.bytesPerAssignment]));
    }
    out.push('');
  }
  out.push(
    row([
      'size',
      'history events (open assignment, mailed)',
      'history events (opener, last run)',
      'query after restart ms',
      'query cached ms',
    ]),
  );
  out.push(row(Array<string>(5).fill('---')));
  for (const s of r.sizes) {
    out.push(row([s.size, s.historyEventsOpenAssignment, s.historyEventsOpener, s.queryColdMs, s.queryWarmMs]));
  }
  out.push('');
  const st = r.startup;
  out.push(
    `Start-up (s): PostgreSQL ${st.postgres}, Temporal dev server ${st.temporal}, migrations + reference data ${st.migrateAndSeed}, worker ${st.worker} (restarts: ${r.workerRestarts.join(', ')}), API ${st.api}.`,
  );
  return out.join('\n');
}
