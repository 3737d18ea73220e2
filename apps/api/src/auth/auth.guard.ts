import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';
import { ACCESS_KEY } from './access.decorator';
import { AuthService } from './auth.service';
import { callerOf, type Caller, type Principal } from './principal';

export type AuthedRequest = Request & { principal?: Principal; id?: string };

/**
 * Deny by default: every route declares who may call it. Credentials are a
 * bearer token (staff and agency users) or `X-Agency-Link` (the signed link).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<Caller[] | 'public' | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rule === 'public') {
      return true;
    }
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const bearer = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    const link = req.header('x-agency-link');
    if (!bearer && !link) {
      throw ApiError.unauthenticated();
    }
    req.principal = bearer ? await this.auth.principalFromBearer(bearer) : await this.auth.principalFromLink(link!);
    if (!rule || !rule.includes(callerOf(req.principal))) {
      throw ApiError.forbidden();
    }
    return true;
  }
}
