import type { Role } from '../../../../libs/persistence/src/entities';

/** Who is calling: a signed-in user, or an agency through the signed link from an email. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      email: string;
      role: Role;
      agencyCode: string | null;
      /** When the password was given (seconds since the epoch); refreshed tokens keep it. */
      authTime: number;
    }
  | { kind: 'link'; agencyCode: string; workflowId: string | null };

/** The names the access rules use: the four roles, and `link` for an agency link. */
export type Caller = Role | 'link';

export function callerOf(p: Principal): Caller {
  return p.kind === 'link' ? 'link' : p.role;
}

/** The agency a caller acts for, if it is an agency (user of role agency, or a link). */
export function agencyScope(p: Principal): string | null {
  if (p.kind === 'link') {
    return p.agencyCode;
  }
  return p.role === 'agency' ? p.agencyCode : null;
}

export function actorOf(p: Principal): string {
  return p.kind === 'link' ? `agency-link:${p.agencyCode}` : `${p.role}:${p.email}`;
}
