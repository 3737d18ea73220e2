import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vietnamese search and order in the database.
 * - `search_fold(text)`: lower(unaccent()), immutable so it can be indexed; folds case, diacritics,
 *   tone placement (Hoá/Hòa) and đ/Đ to d. Both extensions are trusted (no superuser needed) and ship
 *   with the embedded PostgreSQL and the postgres Docker image.
 * - trigram GIN indexes over the folded names and titles, so `LIKE '%…%'` stays indexed.
 * - the ICU collation `vietnamese` (A Ă Â B C D Đ E Ê …) for every sort by name.
 */
export class VietnameseText1795810000000 implements MigrationInterface {
  name = 'VietnameseText1795810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "unaccent" WITH SCHEMA public`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "pg_trgm" WITH SCHEMA public`);
    await queryRunner.query(
      `CREATE FUNCTION public.search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`,
    );
    await queryRunner.query(`CREATE COLLATION IF NOT EXISTS public."vietnamese" (provider = icu, locale = 'vi')`);
    await queryRunner.query(
      `CREATE INDEX "ix_agencies_name_search" ON "agencies" USING gin (public.search_fold("name") public.gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_agencies_code_search" ON "agencies" USING gin ("code" public.gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_duties_title_vi_search" ON "duties" USING gin (public.search_fold("title_vi") public.gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_duties_title_en_search" ON "duties" USING gin (public.search_fold("title_en") public.gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_plans_title_search" ON "plans" USING gin (public.search_fold("code" || ' ' || "title_vi" || ' ' || "title_en") public.gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_report_requests_title_search" ON "report_requests" USING gin (public.search_fold("key" || ' ' || "title") public.gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_report_requests_title_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_plans_title_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_duties_title_en_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_duties_title_vi_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agencies_code_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agencies_name_search"`);
    await queryRunner.query(`DROP COLLATION IF EXISTS public."vietnamese"`);
    await queryRunner.query(`DROP FUNCTION public.search_fold(text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS "pg_trgm"`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS "unaccent"`);
  }
}
