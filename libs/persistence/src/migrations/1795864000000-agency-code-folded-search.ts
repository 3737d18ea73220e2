import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency code's trigram index over its folded form, `search_fold("code")`, the expression every
 * search writes (`foldedMatch`): the index of migration `vietnamese-text` covered the raw code, which
 * no query matches, so each search of assignments or agencies folded every agency's code in a
 * sequential scan. With 5,000 agencies that scan cost 13 ms per statement, twice per list request
 * (`npm run bench`, docs/performance.md); with the index both sides of the name-or-code match are a
 * BitmapOr of two trigram indexes.
 */
export class AgencyCodeFoldedSearch1795864000000 implements MigrationInterface {
  name = 'AgencyCodeFoldedSearch1795864000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_agencies_code_search"`);
    await queryRunner.query(
      `CREATE INDEX "ix_agencies_code_search" ON "agencies" USING gin (public.search_fold("code") public.gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_agencies_code_search"`);
    await queryRunner.query(
      `CREATE INDEX "ix_agencies_code_search" ON "agencies" USING gin ("code" public.gin_trgm_ops)`,
    );
  }
}
