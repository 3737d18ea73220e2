import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { AgencyRepository, UserRepository } from '../../../../libs/persistence/src/repositories';
import { ApiError } from '../common/api-error';
import { ApiZodBody, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { createUserBody, loginBody, pageOf, simpleListQuery } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Access, AGENCIES, Public, READERS } from './access.decorator';
import { AuthService } from './auth.service';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';
import { AccessToken, CreatedUser, Me, UserPage } from '../common/responses';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ApiZodBody(loginBody)
  @ApiZodResponse(200, AccessToken)
  login(@Body(new ZodValidationPipe(loginBody)) b: z.infer<typeof loginBody>) {
    return this.auth.login(b.email, b.password);
  }

  /** A new token for the signed-in user (the current one must still be valid; at most 12 h after sign-in). */
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiBearerAuth()
  @Access('admin', 'officer', 'viewer', 'agency')
  @ApiZodResponse(200, AccessToken)
  refresh(@CurrentPrincipal() p: Principal) {
    return this.auth.refresh(p);
  }

  @Get('auth/me')
  @ApiBearerAuth()
  @Access(...READERS, ...AGENCIES)
  @ApiZodResponse(200, Me)
  me(@CurrentPrincipal() p: Principal) {
    return p.kind === 'link'
      ? { kind: 'link' as const, agencyCode: p.agencyCode }
      : { kind: 'user' as const, email: p.email, role: p.role, agencyCode: p.agencyCode };
  }

  @Get('users')
  @ApiBearerAuth()
  @Access('admin')
  @ApiZodQuery(simpleListQuery)
  @ApiZodResponse(200, UserPage)
  async listUsers(@Query(new ZodValidationPipe(simpleListQuery)) q: z.infer<typeof simpleListQuery>) {
    const users = (await this.users.list()).map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      active: u.active,
    }));
    return pageOf(users, q, (u) => `${u.email} ${u.displayName} ${u.role}`);
  }

  @Post('users')
  @ApiBearerAuth()
  @Access('admin')
  @ApiZodBody(createUserBody)
  @ApiZodResponse(201, CreatedUser)
  async createUser(@Body(new ZodValidationPipe(createUserBody)) b: z.infer<typeof createUserBody>) {
    if ((b.role === 'agency') !== Boolean(b.agencyCode)) {
      throw ApiError.validation([{ field: 'agencyCode', message: 'required for role agency, and only for it' }], {
        vi: 'Dữ liệu không hợp lệ: agencyCode',
        en: 'Invalid input: agencyCode',
      });
    }
    const agency = b.agencyCode ? await this.agencies.findByCode(b.agencyCode) : null;
    if (b.agencyCode && !agency) {
      throw ApiError.validation([{ field: 'agencyCode', message: 'unknown agency' }], {
        vi: 'Dữ liệu không hợp lệ: agencyCode',
        en: 'Invalid input: agencyCode',
      });
    }
    if (await this.users.findByEmail(b.email)) {
      throw ApiError.conflict('a user with this email exists');
    }
    const user = await this.users.create({
      email: b.email,
      displayName: b.displayName,
      role: b.role,
      agencyId: agency?.id ?? null,
      passwordHash: await this.auth.hashPassword(b.password),
    });
    return { id: user.id, email: user.email, role: user.role };
  }
}
