import type { DataSource, Repository } from 'typeorm';
import { ReportRequestEntity } from '../entities';

export class ReportRequestRepository {
  private readonly repo: Repository<ReportRequestEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(ReportRequestEntity);
  }

  create(request: Omit<ReportRequestEntity, 'id' | 'createdAt'>): Promise<ReportRequestEntity> {
    return this.repo.save(this.repo.create(request));
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
}
