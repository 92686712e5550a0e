import { describe, expect, it } from 'vitest';
import { maskToken, normalizeServiceUrl, readSettings, saveSettings } from './settings.js';
import { memoryEnv } from '../testing/memory-ports.js';

describe('maskToken', () => {
  it.each([
    ['', ''],
    ['abc', '••••••••'],
    ['12345678', '••••••••'],
    ['tok-7f3a9c2e51d84b60c3f9', '••••••••c3f9'],
  ])('%s → %s', (token, masked) => expect(maskToken(token)).toBe(masked));
});

describe('normalizeServiceUrl', () => {
  it.each([
    ['', ''],
    ['  https://mmo.diro.ru/  ', 'https://mmo.diro.ru'],
    ['https://diro.ru/mmo//', 'https://diro.ru/mmo'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['mmo.diro.ru', null],
    ['https://mmo.diro.ru/?x=1', null],
    ['ftp://diro.ru', null],
  ])('%s → %s', (raw, url) => expect(normalizeServiceUrl(raw)).toBe(url));
});

describe('saveSettings', () => {
  it('stores the ММО, the address and a new token; an empty token keeps the old one', () => {
    const env = memoryEnv();
    saveSettings(env.props, { mmoNo: '7', serviceUrl: 'https://mmo.diro.ru/', token: ' secret-token-0001 ' });
    saveSettings(env.props, { mmoNo: 7, serviceUrl: 'https://mmo.diro.ru', token: '' });
    expect(readSettings(env.props)).toEqual({
      districtNo: 7,
      serviceUrl: 'https://mmo.diro.ru',
      token: 'secret-token-0001',
    });
  });

  it('rejects a token with spaces inside', () => {
    expect(() => saveSettings(memoryEnv().props, { mmoNo: 1, serviceUrl: '', token: 'abc def' })).toThrow(
      'пробелы',
    );
  });

  it('reads a stored ММО outside 1–8 as not set', () => {
    const env = memoryEnv();
    env.properties.set('mmo.districtNo', '12');
    expect(readSettings(env.props).districtNo).toBeNull();
  });
});
