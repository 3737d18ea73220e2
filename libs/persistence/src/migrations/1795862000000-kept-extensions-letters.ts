import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kept extensions and urging letters (issue 13): every extension request with its decision and
 * every urging letter (công văn đôn đốc) of an assignment, written with its state, so they stay
 * readable once the assignment is closed. Null for rows last written before they were kept.
 */
export class KeptExtensionsLetters1795862000000 implements MigrationInterface {
  name = 'KeptExtensionsLetters1795862000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assignments" ADD "extensions" jsonb`);
    await queryRunner.query(`ALTER TABLE "assignments" ADD "urging_letters" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "urging_letters"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "extensions"`);
  }
}
