export * from './agency-csv';
export * from './build-seed';
export * from './lineage';
export * from './section-v';
