import { ConfigError, DEVELOPMENT_SECRETS, loadConfig } from './config';

const BASE = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };
const REAL = {
  AUTH_JWT_SECRET: 'Zq3v9Lr2Xk8Pw1Nt6Hs4Jd7Fb0Mc5Gy2Ua9Re3Wx',
  LINK_SECRET: 'Tn4Hq8Vz1Lp6Rk3Ws9Yb2Md7',
};

function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('loadConfig secrets', () => {
  it('uses the development secrets outside production', () => {
    const config = loadConfig({ ...BASE });
    expect(config.auth.jwtSecret).toBe(DEVELOPMENT_SECRETS.AUTH_JWT_SECRET);
    expect(config.links.secret).toBe(DEVELOPMENT_SECRETS.LINK_SECRET);
  });

  it('in production, names each missing secret', () => {
    const message = failure({ ...BASE, NODE_ENV: 'production' });
    expect(message).toContain('AUTH_JWT_SECRET: required when NODE_ENV=production');
    expect(message).toContain('LINK_SECRET: required when NODE_ENV=production');
  });

  it('in production, refuses the development values and placeholders', () => {
    const message = failure({
      ...BASE,
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: DEVELOPMENT_SECRETS.AUTH_JWT_SECRET,
      LINK_SECRET: 'change-me-to-a-long-random-secret',
    });
    expect(message).toContain('AUTH_JWT_SECRET: a development value is refused');
    expect(message).toContain('LINK_SECRET: a development value is refused');
  });

  it('in production, names only the bad one', () => {
    const message = failure({ ...BASE, NODE_ENV: 'production', AUTH_JWT_SECRET: REAL.AUTH_JWT_SECRET });
    expect(message).toContain('LINK_SECRET');
    expect(message).not.toContain('AUTH_JWT_SECRET');
  });

  it('in production, accepts real secrets', () => {
    const config = loadConfig({ ...BASE, NODE_ENV: 'production', ...REAL });
    expect(config.auth.jwtSecret).toBe(REAL.AUTH_JWT_SECRET);
    expect(config.links.secret).toBe(REAL.LINK_SECRET);
  });
});

describe('worker sizing', () => {
  it('bounds the workflow cache at 500 and leaves the concurrency to the Temporal SDK when nothing is set', () => {
    expect(loadConfig({ ...BASE }).worker).toEqual({
      maxCachedWorkflows: 500,
      maxConcurrentWorkflowTaskExecutions: undefined,
      maxConcurrentActivityTaskExecutions: undefined,
    });
  });

  it('reads the cache size and concurrency from the environment', () => {
    const config = loadConfig({
      ...BASE,
      WORKER_MAX_CACHED_WORKFLOWS: '500',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '20',
    });
    expect(config.worker).toEqual({
      maxCachedWorkflows: 500,
      maxConcurrentWorkflowTaskExecutions: 8,
      maxConcurrentActivityTaskExecutions: 20,
    });
  });

  it('names the variable of a bad value', () => {
    expect(failure({ ...BASE, WORKER_MAX_CACHED_WORKFLOWS: 'many' })).toContain('WORKER_MAX_CACHED_WORKFLOWS');
    expect(failure({ ...BASE, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toContain(
      'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
    );
  });
});

describe('SMTP session pool', () => {
  it('keeps 5 sessions open by default; SMTP_POOL_SIZE sets it, 0 opens one per email', () => {
    expect(loadConfig(BASE).smtp.poolSize).toBe(5);
    expect(loadConfig({ ...BASE, SMTP_POOL_SIZE: '0' }).smtp.poolSize).toBe(0);
    expect(loadConfig({ ...BASE, SMTP_POOL_SIZE: '12' }).smtp.poolSize).toBe(12);
    expect(failure({ ...BASE, SMTP_POOL_SIZE: '-1' })).toContain('SMTP_POOL_SIZE');
    expect(failure({ ...BASE, SMTP_POOL_SIZE: '500' })).toContain('SMTP_POOL_SIZE');
  });
});

describe('deadlines of the API on Temporal', () => {
  it('waits 10 s on a read and 20 s on a write by default; TEMPORAL_*_TIMEOUT_MS set them', () => {
    expect(loadConfig(BASE).temporal.deadlines).toEqual({ readMs: 10_000, writeMs: 20_000 });
    expect(
      loadConfig({ ...BASE, TEMPORAL_QUERY_TIMEOUT_MS: '1500', TEMPORAL_UPDATE_TIMEOUT_MS: '2500' }).temporal.deadlines,
    ).toEqual({ readMs: 1500, writeMs: 2500 });
    expect(failure({ ...BASE, TEMPORAL_QUERY_TIMEOUT_MS: '0' })).toContain('TEMPORAL_QUERY_TIMEOUT_MS');
    expect(failure({ ...BASE, TEMPORAL_UPDATE_TIMEOUT_MS: 'soon' })).toContain('TEMPORAL_UPDATE_TIMEOUT_MS');
  });
});

describe('loadConfig review queue and escalation', () => {
  it('defaults to a 2-working-day review flag, one email per report and a 3-working-day window after a late return', () => {
    const c = loadConfig(BASE);
    expect(c.review).toEqual({ flagAfterWorkingDays: 2, notice: 'each' });
    expect(c.escalation).toEqual({ returnWindowWorkingDays: 3 });
  });

  it('reads them from the environment and names a bad value', () => {
    const c = loadConfig({
      ...BASE,
      REVIEW_FLAG_WORKING_DAYS: '5',
      REVIEW_NOTICE: 'digest',
      RETURN_WINDOW_WORKING_DAYS: '4',
    });
    expect(c.review).toEqual({ flagAfterWorkingDays: 5, notice: 'digest' });
    expect(c.escalation.returnWindowWorkingDays).toBe(4);
    expect(failure({ ...BASE, REVIEW_NOTICE: 'weekly' })).toContain('REVIEW_NOTICE');
    expect(failure({ ...BASE, REVIEW_FLAG_WORKING_DAYS: '0' })).toContain('REVIEW_FLAG_WORKING_DAYS');
    expect(failure({ ...BASE, RETURN_WINDOW_WORKING_DAYS: 'ba' })).toContain('RETURN_WINDOW_WORKING_DAYS');
  });
});

describe('limits, proxy and workflow bundle (every variable goes through the configuration)', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({ ...BASE });
    expect(config.limits).toEqual({
      perMinute: 600,
      loginPerMinute: 10,
      loginFailuresPerAccount: 10,
      prodsPerAgency: 5,
    });
    expect(config.api.trustProxy).toBe(false);
    expect(config.workflows).toEqual({ bundlePath: undefined });
  });

  it('reads the rate limits, the trusted proxy and the bundle path', () => {
    const config = loadConfig({
      ...BASE,
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_LOGIN_PER_MINUTE: '30',
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '3',
      PROD_LIMIT_PER_AGENCY: '2',
      TRUST_PROXY: 'loopback',
      WORKFLOW_BUNDLE_PATH: '/srv/dondoc/workflow-bundle.js',
    });
    expect(config.limits).toEqual({
      perMinute: 100000,
      loginPerMinute: 30,
      loginFailuresPerAccount: 3,
      prodsPerAgency: 2,
    });
    expect(config.api.trustProxy).toBe('loopback');
    expect(config.workflows.bundlePath).toBe('/srv/dondoc/workflow-bundle.js');
    expect(loadConfig({ ...BASE, TRUST_PROXY: '2' }).api.trustProxy).toBe(2);
    expect(loadConfig({ ...BASE, TRUST_PROXY: 'false' }).api.trustProxy).toBe(false);
  });

  it('names the variable of a bad limit', () => {
    expect(failure({ ...BASE, RATE_LIMIT_PER_MINUTE: 'lots' })).toContain('RATE_LIMIT_PER_MINUTE');
    expect(failure({ ...BASE, PROD_LIMIT_PER_AGENCY: '0' })).toContain('PROD_LIMIT_PER_AGENCY');
  });
});
