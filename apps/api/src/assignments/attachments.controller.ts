import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, checkAttachment } from '../../../../libs/domain/src/attachments';
import { isAgencyTurn } from '../../../../libs/domain/src/status';
import { AttachmentRepository } from '../../../../libs/persistence/src/repositories';
import { Access, AGENCIES, READERS } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { ApiFileResponse, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AssignmentsService } from './assignments.service';
import { Attachment } from '../common/responses';

const uuid = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound(what) });
const uploadQuery = z.strictObject({ name: z.string().trim().min(1).max(300) });
/** `filename*` (RFC 6266/5987) keeps Vietnamese file names intact; `filename` is an ASCII fallback. */
function contentDisposition(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
  const fallback = ascii.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Files attached to reports: an agency uploads them before submitting; staff and the agency download them. */
@ApiTags('assignments')
@ApiBearerAuth()
@ApiSecurity('agency-link')
@Controller('api/v1')
export class AttachmentsController {
  constructor(
    @Inject(AssignmentsService) private readonly assignments: AssignmentsService,
    @Inject(AttachmentRepository) private readonly attachments: AttachmentRepository,
  ) {}

  /** The body is the file itself, sent with its own Content-Type (PDF, DOCX, XLSX, JPEG, PNG; at most 10 MB). */
  @Post('assignments/:id/attachments')
  @HttpCode(201)
  @Access(...AGENCIES)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiZodQuery(uploadQuery)
  @ApiConsumes(...Object.keys(ATTACHMENT_TYPES))
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiZodResponse(201, Attachment)
  async upload(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid('nhiệm vụ / assignment')) id: string,
    @Query(new ZodValidationPipe(uploadQuery)) q: z.infer<typeof uploadQuery>,
    @Req() req: Request,
  ) {
    const row = await this.assignments.visibleById(p, id);
    if (!isAgencyTurn(row.status)) {
      throw ApiError.conflict(`the assignment is ${row.status}: nothing more can be attached`);
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const content: unknown = req.body;
    const check = checkAttachment({ type, size: Buffer.isBuffer(content) ? content.length : 0 });
    if (!check.ok && check.reason === 'type') {
      throw new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        { vi: 'Định dạng tệp không được phép', en: 'File type not allowed' },
        { allowed: Object.keys(ATTACHMENT_TYPES) },
      );
    }
    if (!check.ok || !Buffer.isBuffer(content)) {
      throw check.ok || check.reason === 'empty'
        ? ApiError.validation([{ field: 'body', message: 'the file is empty' }], {
            vi: 'Tệp rỗng',
            en: 'The file is empty',
          })
        : new ApiError(413, 'PAYLOAD_TOO_LARGE', {
            vi: `Tệp lớn hơn ${ATTACHMENT_MAX_BYTES / 1048576} MB`,
            en: `File larger than ${ATTACHMENT_MAX_BYTES / 1048576} MB`,
          });
    }
    const saved = await this.attachments.store({
      assignmentId: row.id,
      name: q.name,
      contentType: type,
      content,
      uploadedBy: actorOf(p),
    });
    return {
      id: saved.id,
      name: saved.name,
      sizeBytes: saved.sizeBytes,
      contentType: saved.contentType,
      sha256: saved.sha256,
    };
  }

  @Get('attachments/:id')
  @Access(...READERS, ...AGENCIES)
  @ApiFileResponse(...Object.keys(ATTACHMENT_TYPES))
  async download(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid('tệp / file')) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const meta = await this.attachments.findMeta(id);
    if (!meta) {
      throw ApiError.notFound('tệp / file');
    }
    // Only those who may see the assignment, or a successor holding a report that cites the
    // file, may see it (another agency gets 404).
    await this.assignments.requireAttachmentVisible(p, meta);
    const content = await this.attachments.content(id);
    res
      .status(200)
      .type(meta.contentType)
      .set('Content-Disposition', contentDisposition(meta.name))
      .set('Cache-Control', 'private, no-store')
      .send(content);
  }
}
