export * from './entities';
export * from './repositories';
export * from './data-source';
export * from './reference-data';
export * from './search';
