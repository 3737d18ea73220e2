import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a signed agency link grants: one agency, optionally one assignment, until `exp`. */
export interface AgencyLinkClaims {
  agency: string;
  workflowId?: string;
  /** Expiry, seconds since epoch. */
  exp: number;
  /** Link generation; bumping an agency's generation revokes its older links. */
  gen: number;
}

/**
 * The claims a link must carry, checked after the signature: a generation that
 * is missing or not a positive integer would compare false with the agency's
 * and survive revocation, so it makes the link malformed.
 */
const claimsSchema = z.strictObject({
  agency: z.string().min(1).max(120),
  workflowId: z.string().min(1).max(300).optional(),
  exp: z.number().int().positive(),
  gen: z.number().int().min(1),
});

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
    const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success) {
      return { ok: false, reason: 'malformed' };
    }
    claims = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.exp * 1000 <= now.getTime()) {
    return { ok: false, reason: 'expired' };
  }
  return { ok: true, claims };
}
