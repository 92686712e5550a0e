/**
 * The store remembers a read that never ended: a file that took its reader down is not read
 * again at the next start (no crash loop), until the file changes. A process killed once in the
 * middle of a read gets one more try.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { SqliteSyncStore } from '../src/store/sqlite.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function reopen(path: string): SqliteSyncStore {
  return new SqliteSyncStore(path);
}

describe('crash memory of reads', () => {
  const at = '2023-01-15T10:00:00.000Z';

  test('a finished read is forgotten; an unfinished one gets one more start, then the revision is refused until it changes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mmo-reads-'));
    const path = join(dir, 'store.sqlite');
    let store = reopen(path);
    expect(await store.beginRead('a.xlsx', 'r1', at)).toBe(true);
    await store.endRead('a.xlsx');
    expect(await store.beginRead('a.xlsx', 'r1', at)).toBe(true);
    await store.close();

    // The process died in the middle of that read: the next start tries once more…
    store = reopen(path);
    expect(await store.beginRead('a.xlsx', 'r1', at)).toBe(true);
    await store.close();
    // …and after a second death the revision is not read again.
    store = reopen(path);
    expect(await store.beginRead('a.xlsx', 'r1', at)).toBe(false);
    expect(await store.beginRead('b.xlsx', 'r1', at)).toBe(true);
    // The file changed: read it.
    expect(await store.beginRead('a.xlsx', 'r2', at)).toBe(true);
    await store.endRead('a.xlsx');
    await store.close();
  });

  test('a worker seen dying on a read refuses that revision at once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mmo-reads-'));
    const store = reopen(join(dir, 'store.sqlite'));
    expect(await store.beginRead('a.xlsx', 'r1', at)).toBe(true);
    await store.markReadCrashed('a.xlsx');
    expect(await store.beginRead('a.xlsx', 'r1', at)).toBe(false);
    expect(await store.beginRead('a.xlsx', 'r2', at)).toBe(true);
    await store.close();
  });
});
