import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGoogleConfig } from '../../src/google-config.js';

describe('google.example.json', () => {
  it('is a valid settings file: an admin who copies it only replaces the IDs and the key path', () => {
    const raw = JSON.parse(readFileSync(new URL('../../google.example.json', import.meta.url), 'utf8'));
    const config = parseGoogleConfig(raw, '/srv/mmo');
    expect(config.sources.map((s) => s.mmo)).toEqual([1, 4]);
    // A pasted address is reduced to its ID.
    expect(config.sources[1].spreadsheetId).toBe('1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789mmo4');
    expect(config.serviceAccountKeyFile).toBe('/srv/mmo/service-account.json');
  });
});
