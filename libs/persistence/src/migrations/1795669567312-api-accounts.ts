import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiAccounts1795669567312 implements MigrationInterface {
  name = 'ApiAccounts1795669567312';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(200) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" character varying(20) NOT NULL, "agency_id" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "report_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(40) NOT NULL, "title" text NOT NULL, "description" text, "due_date" date NOT NULL, "fields" jsonb NOT NULL, "agency_codes" jsonb NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_f88ceeadccabc3ad3bdb0fff4f7" UNIQUE ("key"), CONSTRAINT "PK_85ea1b338c4669892e21725c212" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "agencies" ADD "link_generation" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "agencies" ADD "active" boolean NOT NULL DEFAULT true`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "active"`);
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "link_generation"`);
    await queryRunner.query(`DROP TABLE "report_requests"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
