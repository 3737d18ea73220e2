export * from './agency-csv';
export * from './build-seed';
