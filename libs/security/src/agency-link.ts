import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed agency link grants: one agency, optionally one assignment, until `exp`. */
export interface AgencyLinkClaims {
  agency: string;
  workflowId?: string;
  /** Expiry, seconds since epoch. */
  exp: number;
  /** Link generation; bumping an agency's generation revokes its older links. */
  gen: number;
}

export type LinkVerification =
  { ok: true; claims: AgencyLinkClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function createAgencyLinkToken(claims: AgencyLinkClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

export function verifyAgencyLinkToken(token: string, secret: string, now: Date = new Date()): LinkVerification {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad-signature' };
  }
  let claims: AgencyLinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AgencyLinkClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.agency !== 'string' || typeof claims.exp !== 'number') {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.exp * 1000 <= now.getTime()) {
    return { ok: false, reason: 'expired' };
  }
  return { ok: true, claims };
}
