import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDataSource, migrate } from '../libs/persistence/src/data-source';

/**
 * Migration drift: on a database migrated from empty, the migration TypeORM would generate
 * from the entities (`migration:generate`) must be empty; otherwise an entity and the
 * migrations disagree and the schema in production is not the one the code expects.
 */
describe('migrations match the entities (real PostgreSQL)', () => {
  const admin = process.env.DATABASE_URL!;
  const name = `drift_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const url = (() => {
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return u.toString();
  })();

  async function asAdmin(sql: string): Promise<void> {
    const client = new Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await asAdmin(`CREATE DATABASE "${name}"`);
  });

  afterAll(async () => {
    await asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('a migration generated against a freshly migrated database is empty', async () => {
    const applied = await migrate(url);
    expect(applied.length).toBeGreaterThan(0);
    const ds = createDataSource(url);
    await ds.initialize();
    try {
      // What `typeorm migration:generate` writes into the new migration's up().
      const pending = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
      const advice =
        'The entities and the migrations disagree. Add a migration: `npm run build`, then ' +
        '`DATABASE_URL=<a migrated database> npx typeorm migration:generate -d dist/libs/persistence/src/cli-data-source.js ' +
        'libs/persistence/src/migrations/<name>`, move it to TypeScript beside the others and list it in ' +
        'libs/persistence/src/migrations/index.ts. It would run:\n';
      expect(pending.length === 0 ? 'no drift' : advice + pending.map((q) => `  ${q};`).join('\n')).toBe('no drift');
    } finally {
      await ds.destroy();
    }
  });
});
