export const MIGRATIONS: Array<new () => unknown> = [];
