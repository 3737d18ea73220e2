import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { Public } from './auth/access.decorator';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import { AgencyRepository, AssignmentRepository } from '../../../libs/persistence/src/repositories';
import { verifyAgencyLinkToken } from '../../../libs/security/src/agency-link';
import { escapeHtml as esc } from '../../../libs/mail/src/templates';
import { WebApp } from './web-app';

function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`
  );
}

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
      res.status(403).type('html').send(page('dondoc', '<p>Liên kết đã bị thu hồi. / This link has been revoked.</p>'));
      return;
    }
    if (!verdict.ok) {
      const why =
        verdict.reason === 'expired'
          ? 'Liên kết đã hết hạn. / This link has expired.'
          : 'Liên kết không hợp lệ. / This link is not valid.';
      res
        .status(verdict.reason === 'expired' ? 410 : 403)
        .type('html')
        .send(page('dondoc', `<p>${why}</p>`));
      return;
    }
    const agency = await this.agencies.findByCode(verdict.claims.agency);
    const assignment = verdict.claims.workflowId
      ? await this.assignments.findByWorkflowId(verdict.claims.workflowId)
      : null;
    if (!agency || !assignment || assignment.agencyId !== agency.id) {
      res.status(404).type('html').send(page('dondoc', '<p>Không tìm thấy nhiệm vụ. / Assignment not found.</p>'));
      return;
    }
    // A valid link opens the agency page of the web app, which reads the token from the address.
    this.web.send(res);
  }
}
