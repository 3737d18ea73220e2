import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly-once mail: a lease on each outbox row (two overlapping attempts never
 * both send), the moment the body was handed to the relay (an attempt cut off
 * after it is not resent blindly), the retry budget's start, the recipients the
 * relay refused, and why an address is undeliverable.
 */
export class OutboxLease1795840000000 implements MigrationInterface {
  name = 'OutboxLease1795840000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "email_outbox"
         ADD "lease_token" uuid,
         ADD "lease_until" TIMESTAMP WITH TIME ZONE,
         ADD "data_started_at" TIMESTAMP WITH TIME ZONE,
         ADD "first_attempt_at" TIMESTAMP WITH TIME ZONE,
         ADD "last_attempt_at" TIMESTAMP WITH TIME ZONE,
         ADD "failed_at" TIMESTAMP WITH TIME ZONE,
         ADD "resends" integer NOT NULL DEFAULT 0,
         ADD "refused" jsonb NOT NULL DEFAULT '[]'::jsonb`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_email_outbox_failed" ON "email_outbox" ("failed_at") WHERE "status" = 'failed'`,
    );
    await queryRunner.query(`ALTER TABLE "agencies" ADD "undeliverable_reasons" jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "undeliverable_reasons"`);
    await queryRunner.query(`DROP INDEX "public"."ix_email_outbox_failed"`);
    await queryRunner.query(
      `ALTER TABLE "email_outbox" DROP COLUMN "lease_token", DROP COLUMN "lease_until", DROP COLUMN "data_started_at",
         DROP COLUMN "first_attempt_at", DROP COLUMN "last_attempt_at", DROP COLUMN "failed_at", DROP COLUMN "resends",
         DROP COLUMN "refused"`,
    );
  }
}
