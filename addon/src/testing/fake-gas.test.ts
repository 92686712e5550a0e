/** The fake behaves like Sheets where the add-on's correctness depends on it. */
import { describe, expect, it } from 'vitest';
import { FakeGas } from './fake-gas.js';

// The fake's objects are untyped: the tests call whatever Apps Script offers.

type Api = Record<string, (...a: unknown[]) => any>;

function sheetApi(gas: FakeGas): Api {
  const g = gas.globals() as { SpreadsheetApp: Api };
  return g.SpreadsheetApp.getActiveSpreadsheet().getActiveSheet();
}

describe('FakeGas', () => {
  it('turns = + - @ strings into formulas and numeric strings into numbers, unless the cell is text «@»', () => {
    const gas = new FakeGas();
    const sheet = sheetApi(gas);
    sheet.getRange(1, 1, 1, 3).setValues([['- ФГОС', '=1+1', '2024']]);
    expect(gas.activeSheet.grid()[0]).toEqual(['#ERROR!', '#ERROR!', 2024]);
    const text = sheet.getRange(2, 1, 1, 3);
    text.setNumberFormat('@');
    text.setValues([['- ФГОС', '=1+1', '2024']]);
    expect(gas.activeSheet.grid()[1]).toEqual(['- ФГОС', '=1+1', '2024']);
  });

  it('throws on ranges outside the sheet and on blocks of the wrong size', () => {
    const sheet = sheetApi(new FakeGas());
    expect(() => sheet.getRange(1001, 1)).toThrow('за пределы листа');
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([['a']])).toThrow('не совпадает');
  });

  it('records every service call', () => {
    const gas = new FakeGas();
    sheetApi(gas).getDataRange().getValues();
    expect(gas.calls).toEqual([
      'SpreadsheetApp.getActiveSpreadsheet',
      'Spreadsheet.getActiveSheet',
      'Sheet.getDataRange',
      'Range.getValues',
    ]);
  });
});
