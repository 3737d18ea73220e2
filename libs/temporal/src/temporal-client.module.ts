import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG } from '../../config/src/config.module';
import type { AppConfig } from '../../config/src/config';

/** The Temporal client the API and the period opener use to start, signal and query workflows. */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<Client> => {
        const connection = await Connection.connect({ address: config.temporal.address });
        return new Client({ connection, namespace: config.temporal.namespace });
      },
    },
  ],
  exports: [Client],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
