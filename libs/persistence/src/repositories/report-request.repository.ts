import type { DataSource, Repository } from 'typeorm';
import { ReportRequestEntity } from '../entities';
import { foldedMatch, searchParam } from '../search';

export class ReportRequestRepository {
  private readonly repo: Repository<ReportRequestEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(ReportRequestEntity);
  }

  create(request: Omit<ReportRequestEntity, 'id' | 'createdAt'>): Promise<ReportRequestEntity> {
    return this.repo.save(this.repo.create(request));
  }

  /** Inserts the request unless one with its key exists; either way, returns the stored one. */
  async createOnce(request: Omit<ReportRequestEntity, 'id' | 'createdAt'>): Promise<ReportRequestEntity> {
    await this.repo.createQueryBuilder().insert().into(ReportRequestEntity).values(request).orIgnore().execute();
    return (await this.findByKey(request.key))!;
  }

  findById(id: string): Promise<ReportRequestEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByKey(key: string): Promise<ReportRequestEntity | null> {
    return this.repo.findOne({ where: { key } });
  }

  list(): Promise<ReportRequestEntity[]> {
    return this.repo.find({ order: { createdAt: 'DESC' } });
  }

  /** Requests whose key or title contains `q`, ignoring case, diacritics and tone placement; newest first. */
  search(q: string): Promise<ReportRequestEntity[]> {
    return this.repo
      .createQueryBuilder('r')
      .where(foldedMatch(`r.key || ' ' || r.title`, ':q'), { q: searchParam(q) })
      .orderBy('r.created_at', 'DESC')
      .getMany();
  }
}
