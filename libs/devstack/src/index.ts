export * from './project-root';
export * from './tools';
export * from './processes';
export * from './temporal-dev-server';
export * from './embedded-postgres';
