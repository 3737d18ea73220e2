import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes matching the assignment list's default order (due date, then id) and
 * its most used filters, so a page of 50 is read in index order instead of
 * sorting the whole table: the dashboard's list cost then stays flat as the
 * read model grows (docs/performance.md has the EXPLAIN figures at 100,000 rows).
 */
export class AssignmentListIndexes1795830000000 implements MigrationInterface {
  name = 'AssignmentListIndexes1795830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_assignments_due_date_id" ON "assignments" ("due_date", "id")`);
    await queryRunner.query(
      `CREATE INDEX "ix_assignments_category_due_date_id" ON "assignments" ("category", "due_date", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assignments_period_due_date_id" ON "assignments" ("period_key", "due_date", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_assignments_period_due_date_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_assignments_category_due_date_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_assignments_due_date_id"`);
  }
}
