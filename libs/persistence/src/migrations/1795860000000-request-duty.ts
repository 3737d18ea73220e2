import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The on-demand duty an ad-hoc report request is filed under (its evidence fields,
 * binding flag and escalation policy); null for requests made before it was recorded,
 * which were all filed under the generic on-demand report.
 */
export class RequestDuty1795860000000 implements MigrationInterface {
  name = 'RequestDuty1795860000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_requests" ADD "duty_code" character varying(120)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_requests" DROP COLUMN "duty_code"`);
  }
}
