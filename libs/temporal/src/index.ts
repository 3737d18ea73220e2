export * from './temporal-client.module';
export * from './assignment-starter';
export * from './period-close-plan';
