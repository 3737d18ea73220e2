import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApi } from '../../apps/api/src/main';

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
  return { status: res.status, body: body as T };
}
