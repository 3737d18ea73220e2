import { MigrationInterface, QueryRunner } from 'typeorm';

export class Attachments1795760000000 implements MigrationInterface {
  name = 'Attachments1795760000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "name" character varying(300) NOT NULL, "content_type" character varying(120) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character varying(64) NOT NULL, "content" bytea NOT NULL, "uploaded_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_attachments_assignment" ON "attachments" ("assignment_id") `);
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_attachments_assignment" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_attachments_assignment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_attachments_assignment"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
  }
}
