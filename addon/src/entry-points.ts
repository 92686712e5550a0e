/**
 * The global functions Apps Script sees: triggers, menu items and the settings dialog's callback.
 * Menu items can only name a global function, so every template gets a numbered one
 * (`createTemplate_0` … for TEMPLATES[0] …); the build script declares exactly as many as the
 * registry has, so a new definition needs no add-on code, only a rebuild.
 */

/** Globals that call the bundle's export of the same name with their own arguments. */
export const FIXED_GLOBALS = [
  'onOpen',
  'onInstall',
  'checkSheet',
  'sendToRmc',
  'showRmcStatus',
  'showSettings',
  'saveSettings',
] as const;
export type FixedGlobal = (typeof FIXED_GLOBALS)[number];

/** The bundle's export every numbered global calls with its index. */
export const CREATE_EXPORT = 'createTemplate';

export function createHandlerName(index: number): string {
  return `${CREATE_EXPORT}_${index}`;
}

/** «Создать форму ▸ …»: numbered by the template's index in TEMPLATES, like «Создать лист». */
export const FORM_EXPORT = 'createForm';

export function createFormHandlerName(index: number): string {
  return `${FORM_EXPORT}_${index}`;
}

/**
 * Plain function declarations appended after the IIFE bundle (`var <bundleName> = (() => …)()`):
 * esbuild cannot drop them and clasp sees no `export`.
 */
export function globalDeclarations(
  bundleName: string,
  templateCount: number,
  formIndexes: readonly number[] = [],
): string {
  const lines = FIXED_GLOBALS.map((name) => `function ${name}(arg) { return ${bundleName}.${name}(arg); }`);
  for (let i = 0; i < templateCount; i++)
    lines.push(`function ${createHandlerName(i)}() { return ${bundleName}.${CREATE_EXPORT}(${i}); }`);
  for (const i of formIndexes)
    lines.push(`function ${createFormHandlerName(i)}() { return ${bundleName}.${FORM_EXPORT}(${i}); }`);
  return `${lines.join('\n')}\n`;
}
