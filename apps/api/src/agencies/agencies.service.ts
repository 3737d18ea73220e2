import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AgencyCsvError, formatAgencyCsv, type AgencyCsvIssue } from '../../../../libs/registry/src/agency-csv';
import { formatAgencyXlsx, readAgencyFile, type ReadAgencyFile } from '../../../../libs/registry/src/agency-file';
import { planAgencyImport } from '../../../../libs/registry/src/agency-import-plan';
import { Client } from '@temporalio/client';
import { addDays } from '../../../../libs/domain/src/local-date';
import type { AgencyEntity } from '../../../../libs/persistence/src/entities';
import {
  AgencyRepository,
  AssignmentRepository,
  CatalogRepository,
} from '../../../../libs/persistence/src/repositories';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { startReorganisation } from '../../../../libs/temporal/src/workflow-starters';
import { ApiError } from '../common/api-error';
import type { RegistryImport } from '../common/responses';
import { WorkflowDeadlines } from '../common/workflow-deadlines';
import type { z } from 'zod';
import type { reorganisationBody } from '../common/schemas';

/** Content types a registry file may be uploaded with (XLSX arrives under the attachment types). */
export const REGISTRY_IMPORT_TYPES = ['text/csv', 'application/vnd.ms-excel', 'application/octet-stream'];
export const REGISTRY_IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** Agency registry changes, including merges and splits that re-point open assignments. */
@Injectable()
export class AgenciesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(Client) private readonly temporal: Client,
    @Inject(WorkflowDeadlines) private readonly deadlines: WorkflowDeadlines,
  ) {}

  async require(code: string): Promise<AgencyEntity> {
    const agency = await this.agencies.findByCode(code);
    if (!agency) {
      throw ApiError.notFound(`cơ quan ${code} / agency ${code}`);
    }
    return agency;
  }

  /**
   * Merge (several → one) or split (one → several) on an effective date: the old
   * agencies end the day before and name their successor; each open assignment is
   * reissued, same duty, period and deadline, to each successor, then cancelled with
   * the reason. The old assignment and its history keep the old agency's name.
   * Validates here and runs as a workflow (answer: the operation to follow). Asking
   * again for a reorganisation already applied resumes or returns it (never 409).
   */
  async reorganise(b: z.infer<typeof reorganisationBody>, actor: string): Promise<{ workflowId: string }> {
    if (b.type === 'merge' && b.into.length !== 1) {
      throw ApiError.validation([{ field: 'into', message: 'a merge has exactly one successor' }], {
        vi: 'Dữ liệu không hợp lệ: into',
        en: 'Invalid input: into',
      });
    }
    if (b.type === 'split' && b.from.length !== 1) {
      throw ApiError.validation([{ field: 'from', message: 'a split has exactly one agency to split' }], {
        vi: 'Dữ liệu không hợp lệ: from',
        en: 'Invalid input: from',
      });
    }
    const overlap = b.from.find((c) => b.into.some((i) => i.code === c));
    if (overlap) {
      throw ApiError.validation([{ field: 'into', message: `${overlap} cannot be its own successor` }], {
        vi: 'Dữ liệu không hợp lệ: into',
        en: 'Invalid input: into',
      });
    }
    const olds = await Promise.all(b.from.map((c) => this.require(c)));
    const successors = await Promise.all(b.into.map((t) => this.agencies.findByCode(t.code)));
    const missingName = b.into.find((t, i) => !successors[i] && !t.name);
    if (missingName) {
      throw ApiError.validation([{ field: 'into.name', message: `name is required to create ${missingName.code}` }], {
        vi: 'Dữ liệu không hợp lệ: into.name',
        en: 'Invalid input: into.name',
      });
    }
    const dayBefore = addDays(b.effectiveDate, -1);
    for (const old of olds) {
      // Ended by this very reorganisation (an earlier attempt): running it again completes it.
      const endedByThis = old.validTo === dayBefore && !!successors[0] && old.successorId === successors[0].id;
      if (old.validTo && old.validTo < b.effectiveDate && !endedByThis) {
        throw ApiError.conflict(`${old.code} ended on ${old.validTo}`);
      }
    }
    const { workflowId } = await this.deadlines.write(() =>
      startReorganisation(
        this.temporal,
        {
          type: b.type,
          effectiveDate: b.effectiveDate,
          from: b.from,
          into: b.into,
          note: b.note ?? null,
          actor,
        },
        { taskQueue: this.config.temporal.taskQueue },
      ),
    );
    return { workflowId };
  }

  /**
   * Imports a registry file (CSV in UTF-8, UTF-8 with BOM or Windows-1258, comma, semicolon or
   * tab separated; or XLSX). Without `confirm` nothing is written: the answer is the preview
   * (new, changed and retired agencies, notes, the file's sha256). With `confirm` equal to that
   * sha256 the whole file is written in one transaction and audited. Any bad row refuses the
   * whole file with every problem by line and column (400).
   */
  async importFile(
    bytes: Buffer,
    fileName: string,
    confirm: string | undefined,
    actor: string,
  ): Promise<z.output<typeof RegistryImport>> {
    const invalid = (errors: AgencyCsvIssue[]): ApiError =>
      new ApiError(
        400,
        'IMPORT_INVALID',
        {
          vi: `Tệp ${fileName} không nhập được: ${errors.length} lỗi, chưa có gì được ghi`,
          en: `${fileName} cannot be imported: ${errors.length} error(s), nothing was written`,
        },
        errors.map((e) => ({ line: e.line, column: e.column ?? null, message: e.message, vi: e.vi ?? e.message })),
      );
    if (bytes.length === 0) {
      throw invalid([{ file: fileName, line: 1, message: 'file is empty / tệp rỗng', vi: 'tệp rỗng' }]);
    }
    let file: ReadAgencyFile;
    try {
      file = await readAgencyFile(bytes, fileName);
    } catch (err) {
      if (err instanceof AgencyCsvError) {
        throw invalid(err.errors);
      }
      throw err;
    }
    const plan = planAgencyImport(file.rows, file.lines, await this.agencies.exportRecords(), fileName);
    if (plan.errors.length) {
      throw invalid(plan.errors);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const summary = {
      fileName,
      sha256,
      format: file.format,
      encoding: file.encoding,
      separator: file.separator,
      notes: file.notes,
      rows: file.rows.length,
      created: plan.created,
      changed: plan.changed,
      retired: plan.retired,
      unchanged: plan.unchanged,
    };
    if (confirm === undefined) {
      return { applied: false, ...summary };
    }
    if (confirm !== sha256) {
      throw ApiError.conflict('the file differs from the one previewed: preview it again');
    }
    await this.agencies.importAgencies(file.rows);
    await this.assignments.appendAudit({
      eventKey: `registry-import:${sha256}:${Date.now()}`,
      workflowId: null,
      entityType: 'agency-registry',
      entityId: fileName.slice(0, 200),
      type: 'registry-imported',
      actor,
      occurredAt: new Date(),
      before: null,
      after: {
        fileName,
        sha256,
        encoding: file.encoding,
        rows: file.rows.length,
        created: plan.created.map((c) => c.code),
        changed: plan.changed.map((c) => c.code),
        retired: plan.retired.map((c) => c.code),
      },
    });
    return { applied: true, ...summary };
  }

  /** The registry as a file in the import format: XLSX or CSV (UTF-8). */
  async exportFile(format: 'xlsx' | 'csv'): Promise<Buffer> {
    const rows = await this.agencies.exportRecords();
    return format === 'xlsx' ? formatAgencyXlsx(rows) : Buffer.from(formatAgencyCsv(rows), 'utf8');
  }

  /** Plan duties each agency kind is addressed by (used by the catalog to check codes). */
  async knownPlanCodes(): Promise<string[]> {
    return (await this.catalog.listPlans()).map((p) => p.code);
  }
}
