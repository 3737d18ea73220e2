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

const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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

  /**
   * Failed sign-ins per account (lower-cased email) within a window: past the
   * limit (RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT, default 10) the account answers 429 until the window ends, whatever the client
   * address, so rotating addresses cannot guess a password. In memory: one API
   * process per deployment.
   */
  private readonly failures = new Map<string, { count: number; until: number }>();

  private checkAccountLimit(email: string): void {
    const entry = this.failures.get(email);
    if (entry && entry.until <= Date.now()) {
      this.failures.delete(email);
      return;
    }
    if (entry && entry.count >= this.config.limits.loginFailuresPerAccount) {
      throw new ApiError(
        429,
        'TOO_MANY_REQUESTS',
        {
          vi: 'Đăng nhập sai quá nhiều lần với tài khoản này, vui lòng thử lại sau 15 phút',
          en: 'Too many failed sign-ins for this account; try again in 15 minutes',
        },
        { reason: 'account sign-in limit' },
      );
    }
  }

  private countFailure(email: string): void {
    const entry = this.failures.get(email) ?? { count: 0, until: Date.now() + LOGIN_FAILURE_WINDOW_MS };
    entry.count += 1;
    this.failures.set(email, entry);
    if (this.failures.size > 100_000) {
      this.failures.clear(); // bounded memory under a flood of made-up accounts
    }
  }

  async login(email: string, password: string): Promise<{ accessToken: string; expiresIn: number; role: Role }> {
    const account = email.trim().toLowerCase();
    this.checkAccountLimit(account);
    const user = await this.users.findByEmail(email);
    // Verify even for unknown users so timing does not reveal which emails exist.
    const ok = await verify(
      user?.passwordHash ??
        '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      password,
    ).catch(() => false);
    if (!user || !ok || !user.active) {
      this.countFailure(account);
      throw ApiError.unauthenticated('wrong email or password');
    }
    this.failures.delete(account);
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
    // Users are keyed by UUID: any other subject cannot be one of ours (and must not reach the query).
    if (!sub || !UUID_RE.test(sub)) {
      throw ApiError.unauthenticated('invalid token subject');
    }
    const user = await this.users.findById(sub);
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
    if (!agency || !agency.active || verdict.claims.gen !== agency.linkGeneration) {
      throw ApiError.unauthenticated('link revoked');
    }
    return { kind: 'link', agencyCode: agency.code, workflowId: verdict.claims.workflowId ?? null };
  }
}
