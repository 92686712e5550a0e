/**
 * The store remembers a read that never ended: a file that took its reader down is not read
 * again at the next start (no crash loop), until the file changes. A process killed once in the
 * middle of a read gets one more try. Both stores keep this memory, so a service on PostgreSQL
 * is as safe from a hostile file as one on SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openStore, type SyncStore } from '../src/store/index.js';
import { pgDatabase, skipPg } from './pg/provided.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const KINDS = [
  {
    name: 'SQLite',
    skip: false,
    location: async () => join((dir = mkdtempSync(join(tmpdir(), 'mmo-reads-'))), 'store.sqlite'),
  },
  { name: 'PostgreSQL', skip: skipPg, location: () => pgDatabase('reads') },
];

/** The store's read memory, as the sync uses it (the methods are optional on the interface). */
function reads(store: SyncStore) {
  const { beginRead, endRead, markReadCrashed } = store;
  if (!beginRead || !endRead || !markReadCrashed) throw new Error('хранилище не помнит чтения');
  return {
    begin: (id: string, revision: string) => beginRead.call(store, id, revision, '2023-01-15T10:00:00.000Z'),
    end: (id: string) => endRead.call(store, id),
    crashed: (id: string) => markReadCrashed.call(store, id),
  };
}

describe.each(KINDS)('crash memory of reads on $name', (kind) => {
  if (kind.skip) test.skip('MMO_SKIP_PG=1: PostgreSQL tests skipped', () => undefined);
  else {
    test('a finished read is forgotten; an unfinished one gets one more start, then the revision is refused until it changes', async () => {
      const location = await kind.location();
      let store = await openStore(location);
      expect(await reads(store).begin('a.xlsx', 'r1')).toBe(true);
      await reads(store).end('a.xlsx');
      expect(await reads(store).begin('a.xlsx', 'r1')).toBe(true);
      await store.close();

      // The process died in the middle of that read: the next start tries once more…
      store = await openStore(location);
      expect(await reads(store).begin('a.xlsx', 'r1')).toBe(true);
      await store.close();
      // …and after a second death the revision is not read again.
      store = await openStore(location);
      expect(await reads(store).begin('a.xlsx', 'r1')).toBe(false);
      expect(await reads(store).begin('b.xlsx', 'r1')).toBe(true);
      // The file changed: read it.
      expect(await reads(store).begin('a.xlsx', 'r2')).toBe(true);
      await reads(store).end('a.xlsx');
      await store.close();
    });

    test('a worker seen dying on a read refuses that revision at once', async () => {
      const store = await openStore(await kind.location());
      expect(await reads(store).begin('a.xlsx', 'r1')).toBe(true);
      await reads(store).crashed('a.xlsx');
      expect(await reads(store).begin('a.xlsx', 'r1')).toBe(false);
      expect(await reads(store).begin('a.xlsx', 'r2')).toBe(true);
      await store.close();
    });
  }
});
