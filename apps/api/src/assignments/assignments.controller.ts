import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { z } from 'zod';
import { Access, AGENCIES, READERS, STAFF } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { ApiZodBody, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import {
  AssignmentDetail,
  AssignmentPage,
  AssignmentSummary,
  BulkProdPreview,
  BulkProdStarted,
  SignalAccepted,
  SubmitResult,
} from '../common/responses';
import {
  acknowledgeBody,
  assignmentListQuery,
  bulkProdBody,
  escalateBody,
  extensionDecisionBody,
  extensionRequestBody,
  prodBody,
  reviewBody,
  submitBody,
  waiveBody,
} from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AssignmentsService } from './assignments.service';
import { accepted } from '../operations/accepted';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () =>
    ApiError.validation([{ field: 'id', message: 'must be a UUID' }], {
      vi: 'Mã nhiệm vụ không hợp lệ: id',
      en: 'Invalid assignment id: id',
    }),
});
const body = <S extends z.ZodType>(s: S) => new ZodValidationPipe(s);

@ApiTags('assignments')
@ApiBearerAuth()
@ApiSecurity('agency-link')
@Controller('api/v1/assignments')
export class AssignmentsController {
  constructor(@Inject(AssignmentsService) private readonly service: AssignmentsService) {}

  @Get()
  @Access(...READERS, ...AGENCIES)
  @ApiZodQuery(assignmentListQuery)
  @ApiZodResponse(200, AssignmentPage)
  list(@CurrentPrincipal() p: Principal, @Query(body(assignmentListQuery)) q: z.infer<typeof assignmentListQuery>) {
    const { page, pageSize, sort, after, count, ...filter } = q;
    return this.service.list(p, filter, { page, pageSize, after, count }, sort);
  }

  /**
   * Without `confirmCount`: 200 with the count and a preview. With it (the count must still
   * match): 202, the prods run as a workflow; follow the `progress` link. The same selection
   * and message asked again the same day is the same operation (nobody is prodded twice).
   */
  @Post('bulk-prod')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiZodBody(bulkProdBody)
  @ApiZodResponse({ 200: BulkProdPreview, 202: BulkProdStarted })
  async bulkProd(
    @CurrentPrincipal() p: Principal,
    @Body(body(bulkProdBody)) b: z.infer<typeof bulkProdBody>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.service.bulkProd(p, b.filter, b.message, b.confirmCount);
    return result.confirmed
      ? accepted(res, result.workflowId, { confirmed: true as const, count: result.count })
      : result;
  }

  @Get(':id')
  @Access(...READERS, ...AGENCIES)
  @ApiZodResponse(200, AssignmentDetail)
  get(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string) {
    return this.service.detail(p, id);
  }

  @Post(':id/prod')
  @HttpCode(202)
  @Access(...STAFF)
  @ApiZodBody(prodBody)
  @ApiZodResponse(202, SignalAccepted)
  prod(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body(body(prodBody)) b: z.infer<typeof prodBody>,
  ) {
    return this.service.prod(p, id, b.message);
  }

  @Post(':id/escalate')
  @HttpCode(202)
  @Access(...STAFF)
  @ApiZodBody(escalateBody)
  @ApiZodResponse(202, SignalAccepted)
  escalate(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body(body(escalateBody)) b: z.infer<typeof escalateBody>,
  ) {
    return this.service.escalate(p, id, b.reason);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiZodBody(reviewBody)
  @ApiZodResponse(200, AssignmentSummary)
  review(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body(body(reviewBody)) b: z.infer<typeof reviewBody>,
  ) {
    if (b.decision === 'return' && !b.reason) {
      throw ApiError.validation([{ field: 'reason', message: 'required when returning' }], {
        vi: 'Dữ liệu không hợp lệ: reason',
        en: 'Invalid input: reason',
      });
    }
    return this.service.review(p, id, b.decision, b.reason);
  }

  @Post(':id/extension-decision')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiZodBody(extensionDecisionBody)
  @ApiZodResponse(200, AssignmentSummary)
  decideExtension(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body(body(extensionDecisionBody)) b: z.infer<typeof extensionDecisionBody>,
  ) {
    return this.service.decideExtension(p, id, b);
  }

  @Post(':id/waive')
  @HttpCode(202)
  @Access(...STAFF)
  @ApiZodBody(waiveBody)
  @ApiZodResponse(202, SignalAccepted)
  waive(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body(body(waiveBody)) b: z.infer<typeof waiveBody>,
  ) {
    return this.service.waive(p, id, b.reason);
  }

  @Post(':id/acknowledge')
  @HttpCode(202)
  @Access(...AGENCIES)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiZodBody(acknowledgeBody)
  @ApiZodResponse(202, SignalAccepted)
  acknowledge(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body(body(acknowledgeBody)) _b: object,
  ) {
    return this.service.acknowledge(p, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Access(...AGENCIES)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiZodBody(submitBody)
  @ApiZodResponse(200, SubmitResult)
  submit(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body(body(submitBody)) b: z.infer<typeof submitBody>,
  ) {
    return this.service.submit(p, id, b);
  }

  @Post(':id/extension-request')
  @HttpCode(200)
  @Access(...AGENCIES)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiZodBody(extensionRequestBody)
  @ApiZodResponse(200, AssignmentSummary)
  requestExtension(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body(body(extensionRequestBody)) b: z.infer<typeof extensionRequestBody>,
  ) {
    return this.service.requestExtension(p, id, b);
  }
}
