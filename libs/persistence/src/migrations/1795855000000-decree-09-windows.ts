import { MigrationInterface, QueryRunner } from 'typeorm';

const YEAR = `substr(period_key, 1, 4)::int`;
const QUARTER = `substr(period_key, 7, 1)::int`;

/**
 * Decree 09/2019/NĐ-CP windows (libs/domain periods/duty-periods.ts): a quarter, half-year or
 * year key now names the reporting window closing on the 14th, never the calendar one, so the
 * assignments already opened under those keys get that window (2026-H1: 15/12/2025 → 14/6/2026,
 * no longer 1/1 → 30/6/2026). Their deadlines stay as issued (a deadline in force is not moved by
 * a data migration). `YYYY-MM` keys stay calendar months of activity; ad-hoc keys are untouched.
 */
export class Decree09Windows1795855000000 implements MigrationInterface {
  name = 'Decree09Windows1795855000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "assignments" SET
         "period_start" = CASE
           WHEN period_key ~ '^\\d{4}-Q[1-4]$' THEN (make_date(${YEAR}, ${QUARTER} * 3 - 2, 15) - interval '1 month')::date
           WHEN period_key ~ '^\\d{4}-H2$' THEN make_date(${YEAR}, 6, 15)
           ELSE make_date(${YEAR} - 1, 12, 15) END,
         "period_end" = CASE
           WHEN period_key ~ '^\\d{4}-Q[1-4]$' THEN make_date(${YEAR}, ${QUARTER} * 3, 14)
           WHEN period_key ~ '^\\d{4}-H1$' THEN make_date(${YEAR}, 6, 14)
           ELSE make_date(${YEAR}, 12, 14) END
       WHERE period_key ~ '^\\d{4}(-Q[1-4]|-H[12])?$'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "assignments" SET
         "period_start" = CASE
           WHEN period_key ~ '^\\d{4}-Q[1-4]$' THEN make_date(${YEAR}, ${QUARTER} * 3 - 2, 1)
           WHEN period_key ~ '^\\d{4}-H2$' THEN make_date(${YEAR}, 7, 1)
           ELSE make_date(${YEAR}, 1, 1) END,
         "period_end" = CASE
           WHEN period_key ~ '^\\d{4}-Q[1-4]$' THEN (make_date(${YEAR}, ${QUARTER} * 3, 1) + interval '1 month' - interval '1 day')::date
           WHEN period_key ~ '^\\d{4}-H1$' THEN make_date(${YEAR}, 6, 30)
           ELSE make_date(${YEAR}, 12, 31) END
       WHERE period_key ~ '^\\d{4}(-Q[1-4]|-H[12])?$'`,
    );
  }
}
