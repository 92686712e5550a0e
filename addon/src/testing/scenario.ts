/** Shared set-up of the add-on tests: a fake Apps Script with the add-on's settings and sample data. */
import type { CellValue } from '@mmo/shared';
import { FakeGas, type FakeSheet } from './fake-gas.js';

export const SERVICE_URL = 'https://mmo.example.ru';
export const TOKEN = 'tok-7f3a9c2e51d84b60c3f9';

export function configuredGas(): FakeGas {
  const gas = new FakeGas();
  gas.properties.set('mmo.districtNo', '4');
  gas.properties.set('mmo.serviceUrl', SERVICE_URL);
  gas.properties.set('mmo.token', TOKEN);
  return gas;
}

/** A valid row of «План ММО» for 2024-2025. */
export function planRow(i: number): CellValue[] {
  return [
    String(i),
    `Семинар-практикум «Функциональная грамотность», часть ${i}`,
    'Методисты, Руководители ОО',
    'Ноябрь, 2024',
    'Гунибский район, МКОУ «Гунибская СОШ»',
  ];
}

/** Everything a user could lose, to compare before and after. */
export function snapshot(gas: FakeGas): string {
  return JSON.stringify(
    gas.sheets.map((s: FakeSheet) => ({
      name: s.name,
      cells: s.cells.map((row) =>
        row?.map((c) => c && { v: c.value, n: c.note, b: c.background, f: c.format, r: !!c.validation }),
      ),
    })),
  );
}
