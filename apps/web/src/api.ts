/** Typed access to the dondoc API, as a signed-in officer (bearer token) or an agency (signed link). */

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

export type Bilingual = { vi: string; en: string };

export interface AssignmentRow {
  id: string;
  workflowId: string;
  periodKey: string;
  status: Status;
  category: Category;
  dueDate: string;
  originalDueDate: string;
  escalationLevel: number;
  remindersSent: number;
  hasShortfall: boolean;
  submittedAt: string | null;
  completedAt: string | null;
  updatedAt: string;
  agency: { code: string; name: string; kind: string };
  duty: { code: string; clause: string; titleVi: string; titleEn: string; binding: boolean; planCode: string };
}

export interface EvidenceField {
  key: string;
  label: Bilingual;
  type: 'number' | 'text' | 'url' | 'attachment' | 'date';
  required: boolean;
  min?: number;
}

export interface Submission {
  submissionId: string;
  at: string;
  actor: string;
  values: Record<string, number | string>;
  links?: string[];
  attachments?: Array<{ id: string; name: string; sizeBytes?: number }>;
  note?: string;
  shortfalls: Array<{ key: string; label: Bilingual; target: number; actual: number }>;
}

export interface Extension {
  requestId: string;
  actor: string;
  at: string;
  newDueDate: string;
  reason: string;
  decision?: { approve: boolean; actor: string; at: string; newDueDate: string | null; note: string | null };
}

export interface AssignmentDetail extends AssignmentRow {
  /** The day off the deadline in force was moved from (next working day rule); null when not moved. */
  deadlineMovedFrom?: string | null;
  evidence: EvidenceField[];
  /** Whether "escalate now" is offered (the agency's turn, past the deadline, a level left); else why not. */
  canEscalate: boolean;
  escalationRefusal?: Bilingual;
  submissions: Submission[] | null;
  extensions: Extension[] | null;
  urgingLetters: Array<{ level: number; number: string; at?: string }> | null;
  timeline: Array<{
    at: string;
    type: string;
    actor: string;
    before: unknown;
    after: {
      note?: string | null;
      kind?: string;
      /** email-undeliverable: the refused address and the relay's answer. */
      address?: string;
      smtpCode?: number | null;
      error?: string;
    } | null;
  }>;
}

export interface Page<T> {
  page: number;
  pageSize: number;
  total: number;
  items: T[];
}

/** A tally of counted assignments; rates are fractions in [0, 1] (0 when the total is 0). */
export interface StatisticsTally {
  counts: Record<Category, number>;
  total: number;
  done: number;
  complianceRate: number;
  onTimeRate: number;
  awaitingReview: number;
}

/**
 * `totals`, `total` and the rates count binding ("giao") assignments only: the figures the ICT
 * department signs. Requested ("đề nghị") ones are under `requested`; waived and cancelled ones
 * only in `lifted`.
 */
export interface Statistics extends Omit<StatisticsTally, 'counts'> {
  groupBy: string;
  period: string | null;
  categories: Array<{ category: Category; label: Bilingual }>;
  totals: Record<Category, number>;
  requested: StatisticsTally;
  lifted: { waived: number; cancelled: number };
  groups: Array<
    StatisticsTally & {
      key: string;
      label: string;
      labelEn: string;
      requested: StatisticsTally;
      lifted: { waived: number; cancelled: number };
    }
  >;
}

export interface Agency {
  code: string;
  name: string;
  kind: string;
  active: boolean;
  headEmail?: string | null;
  focalEmail?: string | null;
  /** Addresses the mail server refused by name, with its answer (cleared when the addresses are edited). */
  undeliverable?: Array<{ address: string; smtpCode: number | null; reason: string | null; at: string | null }>;
  [k: string]: unknown;
}

export interface PeriodReport {
  id: string;
  planCode: string;
  periodKey: string;
  version: number;
  createdAt: string;
  summary: { totals?: { total: number; counts: Record<Category, number> } };
  downloads: { xlsx: string; docx: string };
}

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
  async upload(assignmentId: string, file: File): Promise<{ id: string; name: string; sizeBytes: number }> {
    const headers = this.headers(false);
    headers['content-type'] = file.type;
    const res = await fetch(`/api/v1/assignments/${assignmentId}/attachments?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers,
      body: file,
    });
    const data = (await res.json().catch(() => ({}))) as {
      id: string;
      name: string;
      sizeBytes: number;
      code?: string;
      text?: Bilingual;
    };
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
