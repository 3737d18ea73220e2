import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Access, READERS } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { ReviewQueue } from '../common/responses';
import { reviewQueueQuery } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AssignmentsService } from './assignments.service';

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('api/v1/reviews')
export class ReviewsController {
  constructor(@Inject(AssignmentsService) private readonly service: AssignmentsService) {}

  /**
   * Reports awaiting review ("Chờ duyệt"), oldest first, with `workingDaysWaiting` and `flagged`
   * (waiting longer than `flagAfterWorkingDays`, REVIEW_FLAG_WORKING_DAYS, default 2). The same
   * rows as `GET /api/v1/assignments?status=submitted&sort=submittedAt`.
   */
  @Get()
  @Access(...READERS)
  @ApiZodQuery(reviewQueueQuery)
  @ApiZodResponse(200, ReviewQueue)
  list(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodValidationPipe(reviewQueueQuery)) q: z.infer<typeof reviewQueueQuery>,
  ) {
    return this.service.reviewQueue(p, q);
  }
}
