export * from './templates';
export * from './mail-sender';
