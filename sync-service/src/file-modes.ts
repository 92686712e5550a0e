/**
 * Who may read what the service writes: the store and the token file hold personal data and
 * secrets (owner only), the regional workbook and reports personal data too (owner and its group,
 * e.g. the РМЦ staff account that copies them). Never world-readable, whatever the umask says.
 */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';

export const OWNER_ONLY = 0o600;
export const OWNER_AND_GROUP = 0o640;
export const DATA_DIR_MODE = 0o750;

/**
 * Creates the file (empty) with owner-only rights, or takes them back from an older one; SQLite
 * gives its -wal and -shm files the rights of the database file.
 */
export function ownerOnlyFile(path: string): void {
  closeSync(openSync(path, 'a', OWNER_ONLY));
  for (const p of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(p)) chmodSync(p, OWNER_ONLY);
}
