import { loadConfig } from '../../config/src/config';
import { createDataSource } from './data-source';

/**
 * The data source the TypeORM CLI loads (DATABASE_URL through the validated configuration),
 * e.g. after `npm run build`:
 * `npx typeorm migration:generate -d dist/libs/persistence/src/cli-data-source.js libs/persistence/src/migrations/<name>`.
 * test/migrations.int-spec.ts checks that such a migration would be empty.
 */
export default createDataSource(loadConfig().database.url);
