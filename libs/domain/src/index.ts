export * from './agency';
export * from './local-date';
export * from './calendar';
export * from './period';
export * from './reporting-category';
export * from './reminders';
export * from './calendar/index';
export * from './periods/index';
