import { createHash } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { AttachmentEntity } from '../entities/attachment.entity';

export type AttachmentMeta = Omit<AttachmentEntity, 'content' | 'assignment'>;

/** Files attached to reports; the content is read only when downloaded. */
export class AttachmentRepository {
  private readonly repo: Repository<AttachmentEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(AttachmentEntity);
  }

  async store(input: {
    assignmentId: string;
    name: string;
    contentType: string;
    content: Buffer;
    uploadedBy: string;
  }): Promise<AttachmentMeta> {
    const saved = await this.repo.save(
      this.repo.create({
        ...input,
        sizeBytes: input.content.length,
        sha256: createHash('sha256').update(input.content).digest('hex'),
      }),
    );
    return {
      id: saved.id,
      assignmentId: saved.assignmentId,
      name: saved.name,
      contentType: saved.contentType,
      sizeBytes: saved.sizeBytes,
      sha256: saved.sha256,
      uploadedBy: saved.uploadedBy,
      createdAt: saved.createdAt,
    };
  }

  findMeta(id: string): Promise<AttachmentMeta | null> {
    return this.repo.findOne({ where: { id } });
  }

  async content(id: string): Promise<Buffer | null> {
    const row = await this.repo.createQueryBuilder('a').addSelect('a.content').where('a.id = :id', { id }).getOne();
    return row?.content ?? null;
  }
}
