/** The test cluster of global-setup.ts, as a test file sees it. */
import { inject } from 'vitest';
import { freshDatabase } from './cluster.js';

/** Whether PostgreSQL tests are skipped on purpose (MMO_SKIP_PG=1). */
export const skipPg: boolean = inject('pg').skip;

/** A new database in the test cluster; fails with the reason when the cluster did not start. */
export async function pgDatabase(prefix?: string): Promise<string> {
  const { url, error } = inject('pg');
  if (!url) throw new Error(`PostgreSQL для тестов не запустился: ${error ?? 'неизвестная причина'}`);
  return freshDatabase(url, prefix);
}
