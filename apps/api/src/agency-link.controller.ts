import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { Public } from './auth/access.decorator';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import { AgencyRepository, AssignmentRepository } from '../../../libs/persistence/src/repositories';
import { verifyAgencyLinkToken } from '../../../libs/security/src/agency-link';
import { ICT_DEPARTMENT_CODE } from '../../../libs/domain/src/agency';
import { vietnamDateOf } from '../../../libs/domain/src/local-date';
import { LINK_PROBLEM_STATUS, linkProblemPage, type LinkProblem } from './link-problem-page';
import { WebApp } from './web-app';

/** Where the link in a reminder email lands: the agency's view of its assignment, no account needed. */
@ApiExcludeController()
@Public()
@Throttle({ default: { limit: 60, ttl: 60_000 } })
@Controller('r')
export class AgencyLinkController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(WebApp) private readonly web: WebApp,
  ) {}

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  async open(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const verdict = verifyAgencyLinkToken(token, this.config.links.secret);
    const agencyNow = verdict.ok ? await this.agencies.findByCode(verdict.claims.agency) : null;
    if (verdict.ok && (!agencyNow || verdict.claims.gen < agencyNow.linkGeneration)) {
      return this.problem(res, 'revoked');
    }
    if (!verdict.ok) {
      return this.problem(res, verdict.reason === 'expired' ? 'expired' : 'invalid');
    }
    const agency = await this.agencies.findByCode(verdict.claims.agency);
    const assignment = verdict.claims.workflowId
      ? await this.assignments.findByWorkflowId(verdict.claims.workflowId)
      : null;
    if (!agency || !assignment || assignment.agencyId !== agency.id) {
      return this.problem(res, 'not-found');
    }
    // A valid link opens the agency page of the web app, which reads the token from the address.
    this.web.send(res);
  }

  /** A page in the app's style saying what happened to the link and what to do next. */
  private async problem(res: Response, problem: LinkProblem): Promise<void> {
    const ict = await this.agencies.findCurrent(ICT_DEPARTMENT_CODE, vietnamDateOf(new Date()));
    res
      .status(LINK_PROBLEM_STATUS[problem])
      .type('html')
      .send(
        linkProblemPage(problem, {
          ttlDays: this.config.links.ttlDays,
          contact: {
            name: ict?.name ?? 'Sở Thông tin và Truyền thông',
            email: ict?.focalEmail ?? ict?.headEmail ?? null,
          },
          stylesheets: this.web.stylesheets(),
        }),
      );
  }
}
