import { MigrationInterface, QueryRunner } from 'typeorm';

export class PeriodReports1795671221844 implements MigrationInterface {
  name = 'PeriodReports1795671221844';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "period_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_code" character varying(120) NOT NULL, "period_key" character varying(40) NOT NULL, "version" integer NOT NULL, "run_key" character varying(300) NOT NULL, "summary" jsonb NOT NULL, "xlsx" bytea NOT NULL, "docx" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f6550890f74e302140071647080" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f122bc48743f5744723a56d9d3" ON "period_reports"  ("run_key") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_442235f4e69f49e83359719440" ON "period_reports"  ("plan_code", "period_key", "version") `,
    );
    await queryRunner.query(`ALTER TABLE "assignments" ADD "shortfalls" jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "shortfalls"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_442235f4e69f49e83359719440"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f122bc48743f5744723a56d9d3"`);
    await queryRunner.query(`DROP TABLE "period_reports"`);
  }
}
