import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795667149780 implements MigrationInterface {
  name = 'InitialSchema1795667149780';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(120) NOT NULL, "name" character varying(300) NOT NULL, "kind" character varying(40) NOT NULL, "subtype" character varying(40), "parent_id" uuid, "successor_id" uuid, "valid_from" date, "valid_to" date, "focal_email" character varying(254), "head_email" character varying(254), "formed_from" jsonb NOT NULL DEFAULT '[]'::jsonb, "note" text, "undeliverable_emails" jsonb NOT NULL DEFAULT '[]'::jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6acd8cc6374916c08b4d7f060c" ON "agencies"  ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_cb8c199af6ce39b3c321a86e0a" ON "agencies"  ("kind") `);
    await queryRunner.query(
      `CREATE TABLE "assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workflow_id" character varying(300) NOT NULL, "duty_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "period_key" character varying(40) NOT NULL, "period_start" date, "period_end" date, "status" character varying(30) NOT NULL, "category" character varying(30) NOT NULL, "due_date" date NOT NULL, "original_due_date" date NOT NULL, "escalation_level" integer NOT NULL DEFAULT '0', "reminders_sent" integer NOT NULL DEFAULT '0', "submitted_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "state_version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c54ca359535e0012b04dcbd80ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f5f5c6c40369544a54891d8683" ON "assignments"  ("workflow_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_a7f22a8697da75b5df118803b9" ON "assignments"  ("agency_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_03abbe9034d456f9031c814299" ON "assignments"  ("period_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_ce6063ba9705d8ce937dfee002" ON "assignments"  ("status") `);
    await queryRunner.query(`CREATE INDEX "IDX_c54df017ca1d3b35f8823f430b" ON "assignments"  ("category") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_e2e7154e8fba7a1a16e7d45a07" ON "assignments"  ("duty_id", "agency_id", "period_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "event_key" character varying(400) NOT NULL, "workflow_id" character varying(300), "entity_type" character varying(40) NOT NULL, "entity_id" character varying(300) NOT NULL, "type" character varying(60) NOT NULL, "actor" character varying(200) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "before" jsonb, "after" jsonb, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d2a4fa45d49c5e27fd4f8bb2b4" ON "audit_events"  ("event_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_2a2f63db2036cd536ae05c207f" ON "audit_events"  ("workflow_id") `);
    await queryRunner.query(
      `CREATE TABLE "duties" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "code" character varying(120) NOT NULL, "clause" character varying(20) NOT NULL, "title_vi" text NOT NULL, "title_en" text NOT NULL, "binding" boolean NOT NULL, "recurrence" character varying(20) NOT NULL, "spec" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_f35c74c0ad8c80299ca5d511f95" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_62d814e3029f6dcfa075fdeffa" ON "duties"  ("plan_id", "code") `);
    await queryRunner.query(
      `CREATE TABLE "email_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "idempotency_key" character varying(400) NOT NULL, "message_id" character varying(300) NOT NULL, "workflow_id" character varying(300), "kind" character varying(40) NOT NULL, "to_addresses" jsonb NOT NULL, "cc_addresses" jsonb NOT NULL DEFAULT '[]'::jsonb, "subject" text NOT NULL, "text_body" text NOT NULL, "html_body" text NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "smtp_code" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b6fbfc201f705fbf1ac87bd7197" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_0916a28c43b791fd0ea78d7471" ON "email_outbox"  ("idempotency_key") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_933fe1d7ebe2957223783b3bff" ON "email_outbox"  ("message_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_a552782e659f178d91128beaa5" ON "email_outbox"  ("workflow_id") `);
    await queryRunner.query(
      `CREATE TABLE "plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(120) NOT NULL, "title_vi" text NOT NULL, "title_en" text NOT NULL, "document_ref" character varying(200), "issued_on" date, "catalog_version" character varying(40) NOT NULL, "content_hash" character varying(64) NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_95f7ef3fc4c31a3545b4d825dd" ON "plans"  ("code") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_95f7ef3fc4c31a3545b4d825dd"`);
    await queryRunner.query(`DROP TABLE "plans"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a552782e659f178d91128beaa5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_933fe1d7ebe2957223783b3bff"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0916a28c43b791fd0ea78d7471"`);
    await queryRunner.query(`DROP TABLE "email_outbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_62d814e3029f6dcfa075fdeffa"`);
    await queryRunner.query(`DROP TABLE "duties"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2a2f63db2036cd536ae05c207f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d2a4fa45d49c5e27fd4f8bb2b4"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e2e7154e8fba7a1a16e7d45a07"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c54df017ca1d3b35f8823f430b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ce6063ba9705d8ce937dfee002"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_03abbe9034d456f9031c814299"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a7f22a8697da75b5df118803b9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f5f5c6c40369544a54891d8683"`);
    await queryRunner.query(`DROP TABLE "assignments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cb8c199af6ce39b3c321a86e0a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6acd8cc6374916c08b4d7f060c"`);
    await queryRunner.query(`DROP TABLE "agencies"`);
  }
}
