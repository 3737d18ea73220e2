export * from './temporal-client.module';
export * from './assignment-starter';
