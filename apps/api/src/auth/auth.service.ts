import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { SignJWT, jwtVerify } from 'jose';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { AgencyRepository, UserRepository } from '../../../../libs/persistence/src/repositories';
import type { Role } from '../../../../libs/persistence/src/entities';
import { verifyAgencyLinkToken } from '../../../../libs/security/src/agency-link';
import { ApiError } from '../common/api-error';
import type { Principal } from './principal';

const ISSUER = 'dondoc';
/** A session can be renewed (POST /api/v1/auth/refresh) for at most this long after the password was given. */
export const SESSION_MAX_SECONDS = 12 * 3600;

@Injectable()
export class AuthService {
  private readonly key: Uint8Array;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
  ) {
    this.key = new TextEncoder().encode(config.auth.jwtSecret);
  }

  hashPassword(password: string): Promise<string> {
    return hash(password);
  }

  async login(email: string, password: string): Promise<{ accessToken: string; expiresIn: number; role: Role }> {
    const user = await this.users.findByEmail(email);
    // Verify even for unknown users so timing does not reveal which emails exist.
    const ok = await verify(
      user?.passwordHash ??
        '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      password,
    ).catch(() => false);
    if (!user || !ok || !user.active) {
      throw ApiError.unauthenticated('wrong email or password');
    }
    return this.issue(user.id, user.role, Math.floor(Date.now() / 1000));
  }

  /**
   * A fresh token for a signed-in user whose token is still valid, so an officer at work is not
   * sent back to the sign-in page every few minutes; never beyond SESSION_MAX_SECONDS after sign-in.
   */
  async refresh(p: Principal): Promise<{ accessToken: string; expiresIn: number; role: Role }> {
    if (p.kind !== 'user') {
      throw ApiError.forbidden();
    }
    if (Date.now() / 1000 - p.authTime > SESSION_MAX_SECONDS) {
      throw ApiError.unauthenticated('session too old: sign in again');
    }
    return this.issue(p.userId, p.role, p.authTime);
  }

  private async issue(
    userId: string,
    role: Role,
    authTime: number,
  ): Promise<{ accessToken: string; expiresIn: number; role: Role }> {
    const expiresIn = this.config.auth.tokenTtlSeconds;
    const accessToken = await new SignJWT({ role, auth_time: authTime })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.key);
    return { accessToken, expiresIn, role };
  }

  /** Resolves a bearer token; the user is re-read so a deactivated account stops at once. */
  async principalFromBearer(token: string): Promise<Principal> {
    let sub: string | undefined;
    let authTime = 0;
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      sub = payload.sub;
      authTime = typeof payload.auth_time === 'number' ? payload.auth_time : (payload.iat ?? 0);
    } catch {
      throw ApiError.unauthenticated('invalid or expired token');
    }
    const user = sub ? await this.users.findById(sub) : null;
    if (!user || !user.active) {
      throw ApiError.unauthenticated('account not found or disabled');
    }
    const agency = user.agencyId ? await this.agencies.findById(user.agencyId) : null;
    return {
      kind: 'user',
      userId: user.id,
      email: user.email,
      role: user.role,
      agencyCode: agency?.code ?? null,
      authTime,
    };
  }

  /** Resolves an agency link: signature, expiry, and the agency's current link generation (revocation). */
  async principalFromLink(token: string): Promise<Principal> {
    const verdict = verifyAgencyLinkToken(token, this.config.links.secret);
    if (!verdict.ok) {
      throw ApiError.unauthenticated(verdict.reason === 'expired' ? 'link expired' : 'invalid link');
    }
    const agency = await this.agencies.findByCode(verdict.claims.agency);
    if (!agency || !agency.active || verdict.claims.gen < agency.linkGeneration) {
      throw ApiError.unauthenticated('link revoked');
    }
    return { kind: 'link', agencyCode: agency.code, workflowId: verdict.claims.workflowId ?? null };
  }
}
