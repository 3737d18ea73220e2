/** Typed access to the dondoc API, as a signed-in officer (bearer token) or an agency (signed link). */

import type { components } from './api-types';
import {
  ASSIGNMENT_STATUSES,
  REPORTING_CATEGORIES,
  type AssignmentStatus,
  type ReportingCategory,
} from '../../../libs/domain/src/status';

export type Category = ReportingCategory;
export const CATEGORIES: readonly Category[] = REPORTING_CATEGORIES;
export type Status = AssignmentStatus;
export const STATUSES: readonly Status[] = ASSIGNMENT_STATUSES;
export const AGENCY_KINDS = [
  'department',
  'office',
  'district',
  'commune',
  'party',
  'front-mass-org',
  'association',
  'press',
  'central-press',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/**
 * The API's response shapes, generated from its OpenAPI document (./api-types.ts, by
 * `npm run generate:api-types`; `npm test` fails when it is stale): never copied by hand.
 */
export type Schemas = components['schemas'];
export type Bilingual = Schemas['Bilingual'];
export type AssignmentRow = Schemas['AssignmentRow'];
export type AssignmentPage = Schemas['AssignmentPage'];
export type ReviewRow = Schemas['ReviewRow'];
export type ReviewQueue = Schemas['ReviewQueue'];
export type EvidenceField = Schemas['EvidenceField'];
export type Submission = Schemas['Submission'];
export type Extension = Schemas['Extension'];
export type AssignmentDetail = Schemas['AssignmentDetail'];
export type Statistics = Schemas['Statistics'];
export type Agency = Schemas['Agency'];
export type AgencyPage = Schemas['AgencyPage'];
export type PeriodReport = Schemas['PeriodReport'];
export type PeriodReportPage = Schemas['PeriodReportPage'];
export type PlanPage = Schemas['PlanPage'];
export type PlanDetail = Schemas['PlanDetail'];
export type LineageQuestion = Schemas['LineageQuestion'];
export type ReportRequestPage = Schemas['ReportRequestPage'];
export type ReportRequestStarted = Schemas['ReportRequestStarted'];
export type BulkProdPreview = Schemas['BulkProdPreview'];
export type BulkProdStarted = Schemas['BulkProdStarted'];
export type PeriodCloseStarted = Schemas['PeriodCloseStarted'];
export type Operation = Schemas['Operation'];
export type AccessToken = Schemas['AccessToken'];
export type IctDepartment = Schemas['IctDepartment'];
export type SubmitResult = Schemas['SubmitResult'];
export type Attachment = Schemas['Attachment'];

/** An email that could not be delivered, as `GET /api/v1/emails/failed` lists it (newest first). */
export type FailedEmail = Schemas['Email'];

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly details: unknown,
  ) {
    super(`${text.vi} / ${text.en}`);
  }
}

export type Credentials = { kind: 'staff'; token: string } | { kind: 'agency'; link: string };

export class Api {
  constructor(
    private readonly credentials: Credentials | null,
    private readonly onUnauthenticated: () => void = () => undefined,
  ) {}

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (json) {
      h['content-type'] = 'application/json';
    }
    if (this.credentials?.kind === 'staff') {
      h.authorization = `Bearer ${this.credentials.token}`;
    } else if (this.credentials?.kind === 'agency') {
      h['x-agency-link'] = this.credentials.link;
    }
    return h;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  /** Sends a file as the request body (e.g. a registry import); the answer is JSON, errors are ApiFailure. */
  postFile<T>(path: string, file: Blob, contentType: string): Promise<T> {
    return this.send<T>('POST', path, file, contentType);
  }

  private async send<T>(
    method: string,
    path: string,
    body: string | Blob | undefined,
    contentType: string,
  ): Promise<T> {
    let res: Response;
    try {
      const headers = this.headers(false);
      if (body !== undefined) {
        headers['content-type'] = contentType;
      }
      res = await fetch(path, { method, headers, body });
    } catch {
      throw new ApiFailure(0, 'NETWORK', { vi: 'Không kết nối được máy chủ', en: 'Cannot reach the server' }, null);
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok) {
      const err = (data ?? {}) as { code?: string; text?: Bilingual; details?: unknown };
      if (res.status === 401) {
        this.onUnauthenticated();
      }
      throw new ApiFailure(
        res.status,
        err.code ?? 'HTTP_' + res.status,
        err.text ?? { vi: `Lỗi máy chủ (${res.status})`, en: `Server error (${res.status})` },
        err.details ?? null,
      );
    }
    return data as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** Downloads a file the API serves (reports) and hands it to the browser. */
  async download(path: string, filename: string): Promise<void> {
    const res = await fetch(path, { headers: this.headers(false) });
    if (!res.ok) {
      throw new ApiFailure(res.status, 'DOWNLOAD', { vi: 'Không tải được tệp', en: 'Download failed' }, null);
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** Uploads one file as an assignment attachment; returns what a submission refers to. */
  async upload(assignmentId: string, file: File): Promise<Attachment> {
    const headers = this.headers(false);
    headers['content-type'] = file.type;
    const res = await fetch(`/api/v1/assignments/${assignmentId}/attachments?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers,
      body: file,
    });
    // The attachment (201), or an error: { code, text }.
    const data = (await res.json().catch(() => ({}))) as Attachment & { code?: string; text?: Bilingual };
    if (!res.ok) {
      throw new ApiFailure(
        res.status,
        data.code ?? 'UPLOAD',
        data.text ?? { vi: 'Không tải lên được tệp', en: 'Upload failed' },
        null,
      );
    }
    return data;
  }
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A random id for idempotent submissions (works on plain http too, where randomUUID is absent). */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
