/**
 * vitest globalSetup of sync-service: one PostgreSQL cluster per test run, shared by every test
 * file (each makes its own databases in it). When PostgreSQL cannot start, the PostgreSQL tests
 * fail with the reason — never skip silently; only MMO_SKIP_PG=1 (a developer's machine without
 * PostgreSQL) turns them into skips.
 */
import type { TestProject } from 'vitest/node';
import { startCluster } from './cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { readonly url: string | null; readonly error: string | null; readonly skip: boolean };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.MMO_SKIP_PG === '1') {
    project.provide('pg', { url: null, error: null, skip: true });
    return async () => undefined;
  }
  try {
    const cluster = await startCluster();
    project.provide('pg', { url: cluster.url, error: null, skip: false });
    return () => cluster.stop();
  } catch (e) {
    project.provide('pg', { url: null, error: e instanceof Error ? e.message : String(e), skip: false });
    return async () => undefined;
  }
}
