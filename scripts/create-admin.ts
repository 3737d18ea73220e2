/**
 * Creates a staff account: `npm run create-admin -- <email> [role]` (role admin by default).
 * The password is read from DONDOC_PASSWORD, or generated and printed once.
 * Writes to DATABASE_URL, or else to the database of a running `npm start`
 * (embedded PostgreSQL on PG_PORT, default 5433).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { stackDatabaseUrl } from '../libs/devstack/src/embedded-postgres';
import { createDataSource } from '../libs/persistence/src/data-source';
import { ROLES, type Role } from '../libs/persistence/src/entities';
import { UserRepository } from '../libs/persistence/src/repositories';

export async function createStaffUser(
  databaseUrl: string,
  email: string,
  role: Role,
  password?: string,
): Promise<{ created: boolean; password: string | null }> {
  const ds = await createDataSource(databaseUrl).initialize();
  try {
    const users = new UserRepository(ds);
    if (await users.findByEmail(email)) {
      return { created: false, password: null };
    }
    const secret = password ?? randomBytes(12).toString('base64url');
    await users.create({
      email,
      displayName: email.split('@')[0],
      role,
      agencyId: null,
      passwordHash: await hash(secret),
    });
    return { created: true, password: secret };
  } finally {
    await ds.destroy();
  }
}

/** One line saying what went wrong and what to do, for the person at the terminal (never a stack trace). */
export function explainDatabaseError(error: unknown, databaseUrl: string): string {
  let where = databaseUrl;
  try {
    const u = new URL(databaseUrl);
    where = `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'DATABASE_URL is not a valid postgres:// URL';
  }
  const e = (error instanceof AggregateError ? error.errors[0] : error) as { code?: string; message?: string };
  switch (e?.code ?? '') {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
      return `cannot reach PostgreSQL at ${where}: start the stack with \`npm start\` (with the same PG_PORT) or set DATABASE_URL to your database`;
    case '42P01':
      return `the database ${where} has no tables yet: run \`npm start\` or \`npm run migrate\` first`;
    case '28P01':
    case '28000':
    case '3D000':
      return `PostgreSQL at ${where} refused the connection (${e.message}): check DATABASE_URL`;
    default:
      return `${where}: ${String(e?.message ?? error).split('\n')[0]}`;
  }
}

if (require.main === module) {
  const [email, role = 'admin'] = process.argv.slice(2);
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email) || !(ROLES as readonly string[]).includes(role)) {
    console.error(`usage: npm run create-admin -- <email> [${ROLES.join('|')}]`);
    process.exit(2);
  }
  // The running `npm start` stack's database unless DATABASE_URL says otherwise (same defaults as npm start).
  const databaseUrl = stackDatabaseUrl();
  createStaffUser(databaseUrl, email, role as Role, process.env.DONDOC_PASSWORD)
    .then((r) => {
      if (!r.created) {
        console.log(`${email} already exists; nothing changed`);
      } else {
        console.log(`created ${role} ${email}${process.env.DONDOC_PASSWORD ? '' : ` with password: ${r.password}`}`);
      }
    })
    .catch((err: unknown) => {
      console.error(`create-admin: ${explainDatabaseError(err, databaseUrl)}`);
      process.exit(1);
    });
}
