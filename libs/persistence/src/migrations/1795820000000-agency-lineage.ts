import { MigrationInterface, QueryRunner } from 'typeorm';

/** The source of each agency's lineage, whether it is settled, and the admin's settlement. */
export class AgencyLineage1795820000000 implements MigrationInterface {
  name = 'AgencyLineage1795820000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agencies" ADD "lineage_source" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "agencies" ADD "lineage_status" character varying(20) NOT NULL DEFAULT 'sourced'`,
    );
    await queryRunner.query(`ALTER TABLE "agencies" ADD "lineage_question" jsonb`);
    await queryRunner.query(`ALTER TABLE "agencies" ADD "lineage_settlement" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "lineage_settlement"`);
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "lineage_question"`);
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "lineage_status"`);
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "lineage_source"`);
  }
}
