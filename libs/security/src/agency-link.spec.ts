import { createHmac } from 'node:crypto';
import { createAgencyLinkToken, verifyAgencyLinkToken } from './agency-link';

const secret = 'a-test-secret-of-enough-length';
const now = new Date('2026-11-26T00:00:00Z');
const claims = {
  agency: 'xa-hoang-hoa',
  workflowId: 'assignment/v8/xa/2026-11',
  exp: now.getTime() / 1000 + 3600,
  gen: 1,
};

describe('agency links', () => {
  it('round-trips claims', () => {
    const token = createAgencyLinkToken(claims, secret);
    expect(verifyAgencyLinkToken(token, secret, now)).toEqual({ ok: true, claims });
  });

  it('rejects a tampered payload, a wrong secret, an expired or a malformed token', () => {
    const token = createAgencyLinkToken(claims, secret);
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, agency: 'other' })).toString('base64url');
    expect(verifyAgencyLinkToken(`${forged}.${sig}`, secret, now)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyAgencyLinkToken(`${payload}.${sig}`, 'another-secret-of-length', now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyAgencyLinkToken(token, secret, new Date(now.getTime() + 7200_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyAgencyLinkToken('garbage', secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a signed link whose generation is missing, a string or not a positive integer (revocation cannot be skipped)', () => {
    // Signed with the right secret: only the shape of the claims is wrong.
    const signWith = (c: Record<string, unknown>): string => {
      const payload = Buffer.from(JSON.stringify(c)).toString('base64url');
      return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
    };
    expect(verifyAgencyLinkToken(signWith(claims), secret, now)).toEqual({ ok: true, claims });
    const withoutGen = { agency: claims.agency, workflowId: claims.workflowId, exp: claims.exp };
    for (const bad of [
      withoutGen,
      { ...claims, gen: '1' },
      { ...claims, gen: 0 },
      { ...claims, gen: 1.5 },
      { ...claims, exp: '9999999999' },
      { ...claims, agency: 7 },
    ]) {
      expect(verifyAgencyLinkToken(signWith(bad), secret, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
