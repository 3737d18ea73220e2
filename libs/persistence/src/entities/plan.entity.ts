import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A plan (kế hoạch) as imported from a catalog file. */
@Entity({ name: 'plans' })
export class PlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 120 })
  code!: string;

  @Column({ name: 'title_vi', type: 'text' })
  titleVi!: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn!: string;

  @Column({ name: 'document_ref', type: 'varchar', length: 200, nullable: true })
  documentRef!: string | null;

  @Column({ name: 'issued_on', type: 'date', nullable: true })
  issuedOn!: string | null;

  @Column({ name: 'catalog_version', type: 'varchar', length: 40 })
  catalogVersion!: string;

  /** SHA-256 of the imported catalog, so a re-import of the same file is a no-op. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}
