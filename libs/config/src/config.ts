import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

/** The published development values of the secrets: usable on a laptop, refused in production. */
export const DEVELOPMENT_SECRETS = {
  LINK_SECRET: 'dev-only-link-secret-change-me',
  AUTH_JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789',
} as const;

/** A value copied from the repository (a default or a "change me" placeholder) rather than a real secret. */
function isDevelopmentSecret(value: string): boolean {
  return /^dev-only-|change-?me/i.test(value);
}

/** Typed configuration, one section per concern, validated at boot. */
const schema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /**
   * Limits of one database statement (the wait for its answer is 1 s longer, for
   * a frozen server) and of getting a connection: an unavailable database gives
   * a 503 within seconds instead of a hang. Every statement of dondoc is short.
   */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('dondoc'),
  /**
   * Deadlines of the API's calls to Temporal (see `WorkflowDeadlines`), in milliseconds: reads
   * (workflow queries, describes, results, schedule descriptions, readiness) and writes (updates,
   * signals, starts, schedule changes). Past them the API answers 503 WORKFLOW_TIMEOUT instead
   * of hanging while a starved worker or server cannot answer.
   */
  TEMPORAL_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  TEMPORAL_UPDATE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(1025),
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** SMTP sessions the worker keeps open between emails (0: a new session per email); see docs/performance.md. */
  SMTP_POOL_SIZE: z.coerce.number().int().min(0).max(50).default(5),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  // The display name is replaced by the ICT department on the sending date; this gives the address.
  MAIL_FROM: z.string().min(3).default('"dondoc Thanh Hóa" <dondoc@thanhhoa.example>'),
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:3000'),
  LINK_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEVELOPMENT_SECRETS.LINK_SECRET),
  LINK_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(60),
  API_PORT: port.default(3000),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SECRETS.AUTH_JWT_SECRET),
  AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  /** How long an email is retried after its first attempt before it is marked failed (a day). */
  MAIL_RETRY_BUDGET_SECONDS: z.coerce.number().int().min(1).max(604_800).default(86_400),
  /** How long one sending attempt holds an email; longer than any SMTP session can last. */
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(600),
  URGING_LETTER_SYMBOL: z.string().min(1).default('STTTT-ĐĐ'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  // Worker sizing (the two concurrency limits unset: the Temporal SDK's defaults). The workflow cache
  // bounds the worker's memory: a workflow evicted from it replays its history when it next wakes.
  // The SDK sizes its default from the heap limit (about 2,300 workflows, 1.2 GiB of RSS on a 24 GiB
  // machine); 500 holds the worker under 512 MiB with any number open (docs/performance.md). 0: no cache.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).optional(),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).optional(),
  /** Working days a report returned after its deadline gets before any overdue notice (issue 13, fair escalation). */
  RETURN_WINDOW_WORKING_DAYS: z.coerce.number().int().min(0).max(30).default(3),
  /** Working days a report may wait for review before it is flagged on the review queue ("Chờ duyệt"). */
  REVIEW_FLAG_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(2),
  /** How the ICT department hears of an arriving report: one email each (`each`) or in the daily digest (`digest`). */
  REVIEW_NOTICE: z.enum(['each', 'digest']).default('each'),
  /** Requests a minute per client address on every route; sign-ins a minute per client address. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Failed sign-ins per account in 15 minutes before the account answers 429, whatever the address. */
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /** Single prods per agency in 10 minutes, whoever sends them. */
  PROD_LIMIT_PER_AGENCY: z.coerce.number().int().min(1).default(5),
  /**
   * Express `trust proxy`: unset or 'false' trusts no proxy (the client is the connection's
   * address); a number is a hop count; else addresses or names such as 'loopback'.
   */
  TRUST_PROXY: z.string().trim().optional(),
  /** A prebuilt workflow bundle for the worker (default: dist/workflow-bundle.js, else the sources). */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  REMINDER_LOCAL_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm')
    .default('08:00'),
});

export interface AppConfig {
  /** Timeouts in milliseconds (see `DbTimeouts`). */
  database: { url: string; timeouts: { connectMs: number; statementMs: number; queryMs: number } };
  /** `deadlines`: milliseconds the API waits for Temporal on a read (query) and on a write (update, signal, start). */
  temporal: { address: string; namespace: string; taskQueue: string; deadlines: { readMs: number; writeMs: number } };
  /** Temporal worker sizing: workflows kept in memory, workflow tasks and activities run at once. */
  worker: {
    maxCachedWorkflows?: number;
    maxConcurrentWorkflowTaskExecutions?: number;
    maxConcurrentActivityTaskExecutions?: number;
  };
  smtp: {
    host: string;
    port: number;
    secure: boolean;
    user?: string;
    password?: string;
    from: string;
    /** Sessions kept open between emails (SMTP_POOL_SIZE). */
    poolSize: number;
  };
  /** Outbox: retry budget and attempt lease, in seconds. */
  mail: { retryBudgetSeconds: number; leaseSeconds: number };
  links: { publicUrl: string; secret: string; ttlDays: number };
  /** `trustProxy`: Express `trust proxy` (false: none; a hop count; else addresses or names). */
  api: { port: number; host: string; trustProxy: boolean | number | string };
  /** Per minute per client address (requests, sign-ins); failed sign-ins per account (15 min); prods per agency (10 min). */
  limits: { perMinute: number; loginPerMinute: number; loginFailuresPerAccount: number; prodsPerAgency: number };
  /** The prebuilt workflow bundle the worker loads, when set. */
  workflows: { bundlePath?: string };
  reminders: { localTime: string };
  /** Fair escalation: working days of the new window after a late return. */
  escalation: { returnWindowWorkingDays: number };
  /** Review queue: flag after this many working days waiting; notice per report or in the daily digest. */
  review: { flagAfterWorkingDays: number; notice: 'each' | 'digest' };
  auth: { jwtSecret: string; tokenTtlSeconds: number };
  /** Number suffix of formal urging letters, e.g. "15/STTTT-ĐĐ". */
  letters: { symbol: string };
}

export class ConfigError extends Error {}

/** Express `trust proxy` from TRUST_PROXY: unset or 'false' trusts no proxy; a number is a hop count; else addresses/names. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') {
    return false;
  }
  return /^\d+$/.test(v) ? Number(v) : v;
}

/**
 * With NODE_ENV=production each secret must be set, and not to a value published
 * in this repository (the development defaults, "change me" placeholders):
 * otherwise anyone could sign staff tokens (AUTH_JWT_SECRET) or agency links
 * (LINK_SECRET).
 */
function productionSecretIssues(env: NodeJS.ProcessEnv): string[] {
  if (env.NODE_ENV !== 'production') {
    return [];
  }
  return (Object.keys(DEVELOPMENT_SECRETS) as Array<keyof typeof DEVELOPMENT_SECRETS>).flatMap((name) => {
    const value = env[name];
    if (value === undefined || value === '') {
      return [`  ${name}: required when NODE_ENV=production (e.g. the output of \`openssl rand -base64 48\`)`];
    }
    if (isDevelopmentSecret(value)) {
      return [`  ${name}: a development value is refused when NODE_ENV=production; set a long random secret`];
    }
    return [];
  });
}

/**
 * Reads and validates the configuration (see the README's Configuration table).
 * @throws ConfigError listing every invalid variable by name, one per line.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  const lines = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)),
    ...productionSecretIssues(env),
  ];
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    database: {
      url: c.DATABASE_URL,
      timeouts: {
        connectMs: c.DB_CONNECT_TIMEOUT_MS,
        statementMs: c.DB_STATEMENT_TIMEOUT_MS,
        queryMs: c.DB_STATEMENT_TIMEOUT_MS + 1_000,
      },
    },
    temporal: {
      address: c.TEMPORAL_ADDRESS,
      namespace: c.TEMPORAL_NAMESPACE,
      taskQueue: c.TEMPORAL_TASK_QUEUE,
      deadlines: { readMs: c.TEMPORAL_QUERY_TIMEOUT_MS, writeMs: c.TEMPORAL_UPDATE_TIMEOUT_MS },
    },
    worker: {
      maxCachedWorkflows: c.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions: c.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivityTaskExecutions: c.WORKER_MAX_CONCURRENT_ACTIVITIES,
    },
    smtp: {
      host: c.SMTP_HOST,
      port: c.SMTP_PORT,
      secure: c.SMTP_SECURE,
      user: c.SMTP_USER,
      password: c.SMTP_PASSWORD,
      from: c.MAIL_FROM,
      poolSize: c.SMTP_POOL_SIZE,
    },
    mail: { retryBudgetSeconds: c.MAIL_RETRY_BUDGET_SECONDS, leaseSeconds: c.MAIL_LEASE_SECONDS },
    links: { publicUrl: c.PUBLIC_URL.replace(/\/$/, ''), secret: c.LINK_SECRET, ttlDays: c.LINK_TTL_DAYS },
    api: { port: c.API_PORT, host: c.API_HOST, trustProxy: trustProxySetting(c.TRUST_PROXY) },
    limits: {
      perMinute: c.RATE_LIMIT_PER_MINUTE,
      loginPerMinute: c.RATE_LIMIT_LOGIN_PER_MINUTE,
      loginFailuresPerAccount: c.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
      prodsPerAgency: c.PROD_LIMIT_PER_AGENCY,
    },
    workflows: { bundlePath: c.WORKFLOW_BUNDLE_PATH },
    reminders: { localTime: c.REMINDER_LOCAL_TIME },
    escalation: { returnWindowWorkingDays: c.RETURN_WINDOW_WORKING_DAYS },
    review: { flagAfterWorkingDays: c.REVIEW_FLAG_WORKING_DAYS, notice: c.REVIEW_NOTICE },
    letters: { symbol: c.URGING_LETTER_SYMBOL },
    auth: { jwtSecret: c.AUTH_JWT_SECRET, tokenTtlSeconds: c.AUTH_TOKEN_TTL_SECONDS },
  };
}
