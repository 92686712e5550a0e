import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GoogleConfigError, loadGoogleConfig, parseGoogleConfig } from '../../src/google-config.js';
import { googleSourceFromConfig } from '../../src/sources/google-source.js';

const ID4 = '1AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789-abcd';
const OUT = '1OutputSvodkaRmc_0123456789abcdefghijklmnop';

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GoogleConfigError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('parseGoogleConfig', () => {
  it('accepts the documented shape, a pasted address for an ID, and anchors the key path at the settings folder', () => {
    const cfg = parseGoogleConfig(
      {
        mode: 'google',
        serviceAccountKeyFile: 'keys/sync.json',
        sources: [
          {
            mmo: 4,
            spreadsheetId: `https://docs.google.com/spreadsheets/d/${ID4}/edit#gid=0`,
            name: 'План ММО №4',
          },
          { mmo: 4, spreadsheetId: 'SecondSheetOfMmo4_xyz' },
        ],
        output: { spreadsheetId: OUT },
        requestTimeoutSeconds: 30,
      },
      '/etc/mmo-sync',
    );
    expect(cfg).toEqual({
      mode: 'google',
      serviceAccountKeyFile: '/etc/mmo-sync/keys/sync.json',
      sources: [
        { mmo: 4, spreadsheetId: ID4, name: 'План ММО №4' },
        { mmo: 4, spreadsheetId: 'SecondSheetOfMmo4_xyz' },
      ],
      output: { spreadsheetId: OUT },
      requestTimeoutMs: 30_000,
    });
    const src = googleSourceFromConfig(cfg);
    return expect(src.list()).resolves.toEqual([
      { id: ID4, name: 'План ММО №4', districtHint: 4 },
      { id: 'SecondSheetOfMmo4_xyz', name: 'SecondSheetOfMmo4_xyz', districtHint: 4 },
    ]);
  });

  it('lists every mistake in Russian, with where it is', () => {
    const text = message(() =>
      parseGoogleConfig(
        {
          mode: 'xlsx',
          serviceAccountKeyFile: ' ',
          sources: [
            { mmo: '4', spreadsheetId: 'id with spaces', nmae: 'опечатка' },
            { mmo: 9, spreadsheetId: ID4 },
            { mmo: 3, spreadsheetId: ID4 },
          ],
          output: { spreadsheetId: 'https://drive.google.com/drive/folders/1abc' },
          extra: true,
        },
        '/',
      ),
    );
    expect(text.split('\n')).toEqual([
      'Ошибки в файле настроек:',
      '— поле «mode»: для работы с Google Таблицами укажите "mode": "google"',
      '— поле «serviceAccountKeyFile»: путь к JSON-ключу сервисного аккаунта пуст',
      '— источник №1, поле «mmo»: номер ММО — число от 1 до 8, без кавычек',
      '— источник №1, поле «spreadsheetId»: ID таблицы состоит только из латинских букв, цифр, «-» и «_»: скопируйте адрес таблицы целиком или часть между /d/ и /edit',
      '— источник №1: неизвестные поля «nmae» (опечатка в названии?)',
      '— источник №2, поле «mmo»: номер ММО — целое число от 1 до 8',
      '— итоговая таблица (output), поле «spreadsheetId»: это ссылка на папку или файл Google Диска, а нужна ссылка на Google Таблицу',
      '— неизвестные поля «extra» (опечатка в названии?)',
    ]);
  });

  it('refuses the same spreadsheet twice and an output that is a source', () => {
    const text = message(() =>
      parseGoogleConfig(
        {
          mode: 'google',
          serviceAccountKeyFile: 'k.json',
          sources: [
            { mmo: 1, spreadsheetId: ID4 },
            { mmo: 2, spreadsheetId: ID4 },
          ],
          output: { spreadsheetId: ID4 },
        },
        '/',
      ),
    );
    expect(text).toContain('— источник №2, поле «spreadsheetId»: эта таблица уже указана в источнике №1');
    expect(text).toContain(
      'итоговая таблица совпадает с таблицей ММО №1 (источник №1): сводка затёрла бы данные округа',
    );
  });

  it('asks for at least one source', () => {
    expect(
      message(() =>
        parseGoogleConfig(
          { mode: 'google', serviceAccountKeyFile: 'k.json', sources: [], output: { spreadsheetId: OUT } },
          '/',
        ),
      ),
    ).toContain('поле «sources»: не указано ни одной таблицы ММО');
    expect(message(() => parseGoogleConfig([], '/'))).toContain('файл настроек должен содержать JSON-объект');
  });
});

describe('loadGoogleConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mmo-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file saved by Notepad (with a BOM)', async () => {
    const file = join(dir, 'google.json');
    await writeFile(
      file,
      '\uFEFF' +
        JSON.stringify({
          mode: 'google',
          serviceAccountKeyFile: 'sa.json',
          sources: [{ mmo: 8, spreadsheetId: ID4 }],
          output: { spreadsheetId: OUT },
        }),
    );
    const cfg = await loadGoogleConfig(file);
    expect(cfg.serviceAccountKeyFile).toBe(join(dir, 'sa.json'));
    expect(cfg.sources[0].mmo).toBe(8);
  });

  it('says so when the file is missing or not JSON', async () => {
    await expect(loadGoogleConfig(join(dir, 'nope.json'))).rejects.toThrow(
      `Файл настроек не найден: ${join(dir, 'nope.json')}`,
    );
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{ "mode": "google", }');
    await expect(loadGoogleConfig(bad)).rejects.toThrow(
      /— неправильный JSON .*: проверьте запятые и кавычки/,
    );
  });
});
