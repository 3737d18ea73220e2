import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgencyDigest1795673233623 implements MigrationInterface {
  name = 'AgencyDigest1795673233623';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agencies" ADD "prefers_digest" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "prefers_digest"`);
  }
}
