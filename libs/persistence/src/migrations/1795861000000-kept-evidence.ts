import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence kept (issue 13): every submission of an assignment (values, links,
 * attachments, note, time, who) in its own table, so it stays readable after
 * acceptance and enters the period report; and whether an assignment binds its
 * agency (an ad-hoc request to a requested body does not), null meaning as its duty.
 */
export class KeptEvidence1795861000000 implements MigrationInterface {
  name = 'KeptEvidence1795861000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "assignment_submissions" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "workflow_id" character varying(300) NOT NULL,
         "submission_id" character varying(100) NOT NULL,
         "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         "actor" character varying(200) NOT NULL,
         "values" jsonb NOT NULL DEFAULT '{}'::jsonb,
         "links" jsonb NOT NULL DEFAULT '[]'::jsonb,
         "attachments" jsonb NOT NULL DEFAULT '[]'::jsonb,
         "note" text,
         "shortfalls" jsonb NOT NULL DEFAULT '[]'::jsonb,
         CONSTRAINT "pk_assignment_submissions" PRIMARY KEY ("id"),
         CONSTRAINT "uq_assignment_submissions" UNIQUE ("workflow_id", "submission_id")
       )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_assignment_submissions_workflow" ON "assignment_submissions" ("workflow_id", "submitted_at")`,
    );
    await queryRunner.query(`ALTER TABLE "assignments" ADD "binding" boolean`);
    await queryRunner.query(
      `UPDATE "assignments" a SET "binding" = false
       FROM "agencies" g, "report_requests" r
       WHERE g.id = a.agency_id AND r.key = a.period_key
         AND g.kind IN ('party', 'front-mass-org', 'association', 'central-press')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "binding"`);
    await queryRunner.query(`DROP TABLE "assignment_submissions"`);
  }
}
