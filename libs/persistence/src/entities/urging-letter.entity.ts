import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A numbered formal urging letter (công văn đôn đốc) issued by an escalation. */
@Entity({ name: 'urging_letters' })
@Index(['year', 'seq'], { unique: true })
@Index(['workflowId', 'level'], { unique: true })
export class UrgingLetterEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ name: 'workflow_id', type: 'varchar', length: 300 })
  workflowId!: string;

  @Column({ type: 'int' })
  level!: number;

  @CreateDateColumn({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;
}
