import { Module } from '@nestjs/common';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { PersistenceModule } from '../../../libs/persistence/src/persistence.module';
import { TemporalClientModule } from '../../../libs/temporal/src/temporal-client.module';
import { AgencyLinkController } from './agency-link.controller';
import { HealthController } from './health.controller';
import { ReadController } from './read.controller';

@Module({
  imports: [ConfigModule, PersistenceModule, TemporalClientModule],
  controllers: [HealthController, ReadController, AgencyLinkController],
})
export class ApiModule {}
