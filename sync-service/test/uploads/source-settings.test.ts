/** The settings that say per ММО where its data comes from, and the upload size limit. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'mmo-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withFile(json: unknown) {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(json));
  return () => loadConfig({ CONFIG: file }, dir);
}

describe('mmoSources and maxUploadKb', () => {
  it('reads the source of each ММО and the upload limit', () => {
    const config = withFile({
      mmoSources: { '1': 'google', '2': 'upload', '3': 'folder' },
      maxUploadKb: 2048,
    })();
    expect(config.mmoSources).toEqual({ 1: 'google', 2: 'upload', 3: 'folder' });
    expect(config.maxUploadBytes).toBe(2048 * 1024);
    expect(loadConfig({ DATA_DIR: dir }, dir).maxUploadBytes).toBe(10 * 1024 * 1024);
  });

  it('a mistake is named in Russian', () => {
    expect(withFile({ mmoSources: { '2': 'почта' } })).toThrow(
      /источник ММО — "google", "upload" или "folder"/,
    );
    expect(withFile({ mmoSources: { '9': 'upload' } })).toThrow(/в mmoSources нет ММО №9/);
  });
});
