/**
 * Builds what `clasp push --rootDir addon/dist` uploads: one IIFE bundle `Code.js` (TypeScript of
 * the add-on, @mmo/shared, @mmo/templates, zod, date-fns) followed by plain global functions for
 * every trigger and menu item, and the manifest `appsscript.json`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { TEMPLATES } from '@mmo/templates';
import { globalDeclarations } from '../src/entry-points.js';
import { isFormTemplate } from '../src/form/form-plan.js';

const ADDON_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_NAME = '__addon';

/**
 * The narrowest scopes that work: this spreadsheet only (not all of the user's Drive), menus and
 * dialogs, the call to the РМЦ service, and Google Forms for «Создать форму». FormApp.create is
 * authorised only by auth/forms: forms.currentonly is the scope of a Forms add-on working inside
 * the form it is opened in, and a Sheets add-on has no such form — it creates a new one. There is
 * no narrower FormApp scope («only forms this app created»); drive.file/forms.body exist only for
 * the Forms REST API, which would need a second token path and more calls.
 */
export const MANIFEST = {
  timeZone: 'Europe/Moscow',
  dependencies: {},
  exceptionLogging: 'STACKDRIVER',
  runtimeVersion: 'V8',
  oauthScopes: [
    'https://www.googleapis.com/auth/spreadsheets.currentonly',
    'https://www.googleapis.com/auth/script.container.ui',
    'https://www.googleapis.com/auth/script.external_request',
    'https://www.googleapis.com/auth/forms',
  ],
} as const;

/**
 * `z` is a namespace object, so esbuild keeps all of zod's ~50 locales (0.4 MB) although only the
 * default English one is ever configured; Apps Script parses the whole file on every menu click.
 */
const zodLocalesEnglishOnly: Plugin = {
  name: 'zod-locales-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

export interface BuildResult {
  readonly codePath: string;
  readonly manifestPath: string;
  readonly bytes: number;
  readonly templateCount: number;
}

export async function buildAddon(options: { outDir?: string } = {}): Promise<BuildResult> {
  const outDir = options.outDir ?? path.join(ADDON_DIR, 'dist');
  const result = await build({
    entryPoints: [path.join(ADDON_DIR, 'src/main.ts')],
    bundle: true,
    format: 'iife',
    globalName: BUNDLE_NAME,
    target: 'es2020',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    charset: 'utf8',
    // Readable names keep the execution log's stack traces useful; the size is well within Apps Script's limits.
    minify: false,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    plugins: [zodLocalesEnglishOnly],
  });
  const bundle = result.outputFiles[0].text;
  // clasp rejects a file with module syntax; the IIFE format should never produce it.
  if (/^\s*(export|import)\s[^(]/m.test(bundle))
    throw new Error('addon bundle contains module syntax: Apps Script cannot load it');
  const code = `${bundle}\n${globalDeclarations(
    BUNDLE_NAME,
    TEMPLATES.length,
    TEMPLATES.flatMap((t, i) => (isFormTemplate(t) ? [i] : [])),
  )}`;
  await mkdir(outDir, { recursive: true });
  const codePath = path.join(outDir, 'Code.js');
  const manifestPath = path.join(outDir, 'appsscript.json');
  await writeFile(codePath, code, 'utf8');
  await writeFile(manifestPath, `${JSON.stringify(MANIFEST, null, 2)}\n`, 'utf8');
  return { codePath, manifestPath, bytes: Buffer.byteLength(code), templateCount: TEMPLATES.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { codePath, bytes, templateCount } = await buildAddon();
  console.log(
    `addon: ${path.relative(process.cwd(), codePath)} (${Math.round(bytes / 1024)} KB, ${templateCount} templates) and appsscript.json`,
  );
}
