import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hash } from '@node-rs/argon2';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import { createApi } from '../../apps/api/src/main';
import { UserRepository } from '../../libs/persistence/src/repositories';

/** The real API (the same factory as apps/api) listening on a free loopback port. */
export async function startTestApi(): Promise<{
  app: NestExpressApplication;
  base: string;
  close: () => Promise<void>;
}> {
  const app = await createApi(['error']);
  await app.init();
  const server = app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { app, base, close: () => app.close() };
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function http<T = unknown>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; link?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) {
    headers.authorization = `Bearer ${opts.token}`;
  }
  if (opts.link) {
    headers['x-agency-link'] = opts.link;
  }
  let payload: string | undefined;
  if (opts.raw !== undefined) {
    payload = opts.raw;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    payload = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (e.g. the HTML of the docs page)
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** What `GET /api/v1/operations/{id}` answers. */
export interface OperationView {
  id: string;
  type: string;
  status: string;
  progress: {
    phase: string;
    total: number;
    done: number;
    succeeded: number;
    alreadyDone: number;
    failed: number;
    failures: Array<{ target: string; reason: string }>;
  } | null;
  result: unknown;
  error: string | null;
}

/** Follows an operation's progress link until it is no longer running. */
export async function waitForOperation(
  base: string,
  token: string,
  link: string,
  timeoutMs = 180_000,
): Promise<OperationView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await http<OperationView>(base, 'GET', link, { token });
    if (res.status !== 200) {
      throw new Error(`${link} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    if (res.body.status !== 'running') {
      return res.body;
    }
    if (Date.now() > deadline) {
      throw new Error(`${link} still running after ${timeoutMs} ms: ${JSON.stringify(res.body.progress)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The password of the staff accounts the tests create (long enough for the API's rule). */
export const TEST_PASSWORD = 'mat-khau-du-dai-123';

/**
 * Creates a staff account with a unique email (an officer of the ICT department with no agency,
 * unless `role` says otherwise) and signs it in through `POST /api/v1/auth/login` of the API at
 * `base`, as the dashboard does. Returns the email and the bearer token; throws when the login
 * gives no token.
 */
export async function signInNewStaff(
  ds: DataSource,
  base: string,
  {
    role = 'officer',
    displayName = 'Cán bộ Sở',
    emailPrefix = 'staff',
  }: { role?: Parameters<UserRepository['create']>[0]['role']; displayName?: string; emailPrefix?: string } = {},
): Promise<{ email: string; token: string }> {
  const email = `${emailPrefix}-${randomUUID()}@thanhhoa.example`;
  await new UserRepository(ds).create({
    email,
    displayName,
    role,
    agencyId: null,
    passwordHash: await hash(TEST_PASSWORD),
  });
  const login = await http<{ accessToken?: string }>(base, 'POST', '/api/v1/auth/login', {
    body: { email, password: TEST_PASSWORD },
  });
  if (!login.body.accessToken) {
    throw new Error(`login of ${email} answered ${login.status} without a token`);
  }
  return { email, token: login.body.accessToken };
}
