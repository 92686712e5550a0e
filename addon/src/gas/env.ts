/** The environment of one Apps Script invocation; nothing is touched until a port method runs. */
import type { AddonEnv } from '../ports.js';
import { gasSpreadsheet } from './spreadsheet.js';
import { gasUi } from './ui.js';
import { gasDocumentProps, gasHttp } from './services.js';
import { gasForms } from './forms.js';

export { gasUi };

export function gasEnv(): AddonEnv {
  return {
    spreadsheet: gasSpreadsheet(),
    ui: gasUi(),
    props: gasDocumentProps(),
    http: gasHttp(),
    forms: gasForms(),
    now: () => new Date(),
  };
}
