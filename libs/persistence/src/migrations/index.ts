import { InitialSchema1795667149780 } from './1795667149780-initial-schema';

/** Every migration, in order. Committed migrations are never edited: add a new one. */
export const MIGRATIONS = [InitialSchema1795667149780];
