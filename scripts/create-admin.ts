/**
 * Creates a staff account: `npm run create-admin -- <email> [role]` (role admin by default).
 * The password is read from DONDOC_PASSWORD, or generated and printed once.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { loadConfig } from '../libs/config/src/config';
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

if (require.main === module) {
  const [email, role = 'admin'] = process.argv.slice(2);
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email) || !(ROLES as readonly string[]).includes(role)) {
    console.error(`usage: npm run create-admin -- <email> [${ROLES.join('|')}]`);
    process.exit(2);
  }
  createStaffUser(loadConfig().database.url, email, role as Role, process.env.DONDOC_PASSWORD)
    .then((r) => {
      if (!r.created) {
        console.log(`${email} already exists; nothing changed`);
      } else {
        console.log(`created ${role} ${email}${process.env.DONDOC_PASSWORD ? '' : ` with password: ${r.password}`}`);
      }
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    });
}
