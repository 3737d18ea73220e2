import { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarYears1795670814875 implements MigrationInterface {
  name = 'CalendarYears1795670814875';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "calendar_years" ("year" integer NOT NULL, "adjustments" jsonb NOT NULL, "updated_by" character varying(200) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fed249d26e56ff06bb6dffd8d6" PRIMARY KEY ("year"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_years"`);
  }
}
