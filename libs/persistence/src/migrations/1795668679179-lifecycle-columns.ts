import { MigrationInterface, QueryRunner } from 'typeorm';

export class LifecycleColumns1795668679179 implements MigrationInterface {
  name = 'LifecycleColumns1795668679179';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "urging_letters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "year" integer NOT NULL, "seq" integer NOT NULL, "workflow_id" character varying(300) NOT NULL, "level" integer NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b137f5a92eaf0b5896e2046bc0e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a1a66641694cac5188a8bd8410" ON "urging_letters"  ("workflow_id", "level") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_08f08b09b4497ebfd59999b0c3" ON "urging_letters"  ("year", "seq") `,
    );
    await queryRunner.query(`ALTER TABLE "assignments" ADD "has_shortfall" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "has_shortfall"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_08f08b09b4497ebfd59999b0c3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a1a66641694cac5188a8bd8410"`);
    await queryRunner.query(`DROP TABLE "urging_letters"`);
  }
}
