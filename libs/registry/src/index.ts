export * from './agency-csv';
export * from './build-seed';
export * from './lineage';
export * from './section-v';
export * from './agency-file';
export * from './agency-import-plan';
