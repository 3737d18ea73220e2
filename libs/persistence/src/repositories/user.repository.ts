import type { DataSource, Repository } from 'typeorm';
import { UserEntity, type Role } from '../entities';

export class UserRepository {
  private readonly repo: Repository<UserEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(UserEntity);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { email: email.trim().toLowerCase() } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  async create(user: {
    email: string;
    displayName: string;
    passwordHash: string;
    role: Role;
    agencyId: string | null;
  }): Promise<UserEntity> {
    return this.repo.save(this.repo.create({ ...user, email: user.email.trim().toLowerCase(), active: true }));
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.repo.update({ id }, { passwordHash });
  }

  list(): Promise<UserEntity[]> {
    return this.repo.find({ order: { email: 'ASC' } });
  }
}
