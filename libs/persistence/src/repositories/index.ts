export * from './agency.repository';
export * from './catalog.repository';
export * from './assignment.repository';
export * from './outbox.repository';
export * from './user.repository';
export * from './report-request.repository';
export * from './calendar.repository';
export * from './period-report.repository';
