/** The fake itself: what the other tests rely on it to do as Google does. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sheets_v4 } from '@googleapis/sheets';
import { JWT } from 'google-auth-library';
import { applyFieldMask, parseFieldMask } from '../fake-google/field-mask.js';
import { startHarness, SA_EMAIL, type Harness } from './harness.js';
import { createGoogleClients, WRITE_SCOPES } from '../../src/sources/google-clients.js';

describe('field masks', () => {
  it('selects nested fields, in lists too', () => {
    const value = {
      a: 1,
      properties: { title: 't', locale: 'ru' },
      sheets: [{ properties: { title: 'x', sheetId: 5, index: 0 }, merges: [1] }],
    };
    expect(
      applyFieldMask(value, parseFieldMask('properties.title,sheets(properties(title,sheetId))')),
    ).toEqual({
      properties: { title: 't' },
      sheets: [{ properties: { title: 'x', sheetId: 5 } }],
    });
    expect(applyFieldMask(value, parseFieldMask('sheets.merges'))).toEqual({ sheets: [{ merges: [1] }] });
    expect(() => parseFieldMask('sheets(properties')).toThrow();
  });
});

describe('fake Google', () => {
  let h: Harness;
  let sheets: sheets_v4.Sheets;
  beforeEach(async () => {
    h = await startHarness();
    h.fake.addSpreadsheet({ id: 'Out1', title: 'Out', sharedWith: [SA_EMAIL], sheets: [{ title: 'Лист1' }] });
    sheets = (await createGoogleClients({ keyFile: h.keyFile, scopes: WRITE_SCOPES, rootUrl: h.fake.url }))
      .sheets;
  });
  afterEach(async () => {
    await h.close();
  });

  it('turns «=…» into a formula with USER_ENTERED and keeps it text with RAW', async () => {
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: 'Out1',
      requestBody: {
        valueInputOption: 'USER_ENTERED',
        data: [{ range: "'Лист1'!A1:B1", values: [['=1+2', '42']] }],
      },
    });
    expect(h.fake.sheetValues('Out1', 'Лист1')).toEqual([[{ formula: '=1+2' }, 42]]);
    await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: 'Out1',
      requestBody: { valueInputOption: 'RAW', data: [{ range: "'Лист1'!A1:B1", values: [['=1+2', '42']] }] },
    });
    expect(h.fake.sheetValues('Out1', 'Лист1')).toEqual([['=1+2', '42']]);
    expect(
      h.fake.calls
        .filter((c) => c.endpoint === 'values.batchUpdate')
        .map((c) => (c.body as { valueInputOption: string }).valueInputOption),
    ).toEqual(['USER_ENTERED', 'RAW']);
  });

  it('applies a batchUpdate whole or not at all', async () => {
    const attempt = sheets.spreadsheets.batchUpdate({
      spreadsheetId: 'Out1',
      requestBody: {
        requests: [
          { addSheet: { properties: { title: 'Новый' } } },
          { addSheet: { properties: { title: 'лист1' } } },
        ],
      },
    });
    await expect(attempt).rejects.toMatchObject({ status: 400 });
    expect(h.fake.spreadsheets.get('Out1')!.sheets.map((s) => s.title)).toEqual(['Лист1']);
  });

  it('clears cells with values:batchClear and refuses writes past the grid', async () => {
    h.fake.edit('Out1', 'Лист1', [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    await sheets.spreadsheets.values.batchClear({
      spreadsheetId: 'Out1',
      requestBody: { ranges: ["'Лист1'!B1:B2"] },
    });
    expect(h.fake.sheetValues('Out1', 'Лист1')).toEqual([['a'], ['c']]);
    const past = sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: 'Out1',
      requestBody: { valueInputOption: 'RAW', data: [{ range: "'Лист1'!A1001", values: [['x']] }] },
    });
    await expect(past).rejects.toMatchObject({ status: 400 });
  });

  it('checks the token: a grant signed by an unknown key gets no token, a call without one is 401', async () => {
    const { privateKey } = await import('node:crypto').then((c) =>
      c.generateKeyPairSync('rsa', { modulusLength: 2048 }),
    );
    const stranger = new JWT({
      email: SA_EMAIL,
      key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      scopes: ['https://www.googleapis.com/auth/spreadsheets'],
    });
    stranger.transporter.interceptors.request.add({
      resolved: async (config) => {
        if (String(config.url).startsWith('https://oauth2.googleapis.com/'))
          config.url = new URL(h.fake.tokenUrl);
        config.retry = false;
        return config;
      },
    });
    await expect(stranger.authorize()).rejects.toMatchObject({ status: 400 });
    const anonymous = new sheets_v4.Sheets({ rootUrl: h.fake.url, retry: false });
    await expect(anonymous.spreadsheets.get({ spreadsheetId: 'Out1' })).rejects.toMatchObject({
      status: 401,
    });
  });
});
