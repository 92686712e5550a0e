/**
 * An upload is read like a file of the sources folder: bounded before exceljs. Before that, a
 * 15 KB workbook declaring a whole-sheet merge took the service down (out of memory) at the upload
 * check, before the sync ever saw it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkUpload } from '../../src/uploads/check-upload.js';
import { hostileFiles, type HostileFile } from '../fixtures/hostile.js';

const MAX_UPLOAD = 20 * 1024 * 1024;

describe('a crafted upload', () => {
  let files: HostileFile[];
  beforeAll(async () => {
    files = await hostileFiles();
  }, 120_000);

  it('with declarations that would expand to gigabytes is taken: the plan under them is recognised', async () => {
    for (const file of files.filter((f) => /объедин|столбцы|диапазон/.test(f.name))) {
      expect(file.bytes.length).toBeLessThan(64 * 1024);
      const check = await checkUpload(file.bytes, file.name, MAX_UPLOAD);
      expect(check, file.name).toEqual({
        ok: true,
        forms: [{ sheet: 'План ММО', form: 'План ММО (Приложение №1)', sheetName: 'План ММО' }],
      });
    }
    expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 ** 3);
  }, 60_000);

  it('past a limit is refused with what is too large and what to do, naming the file', async () => {
    const bomb = files.find((f) => /бомба/.test(f.name))!;
    expect(await checkUpload(bomb.bytes, bomb.name, MAX_UPLOAD)).toEqual({
      ok: false,
      status: 413,
      error: expect.stringMatching(
        /^Файл «ММО-6 бомба\.xlsx» не принят: лист «План ММО» после распаковки больше 100 МБ — сохраните книгу заново/,
      ),
    });
    const strings = files.find((f) => /миллион/.test(f.name))!;
    expect(await checkUpload(strings.bytes, strings.name, MAX_UPLOAD)).toMatchObject({
      ok: false,
      status: 413,
      error: expect.stringMatching(/не принят: в книге 1\s000\s000 разных текстовых значений/),
    });
  }, 60_000);
});
