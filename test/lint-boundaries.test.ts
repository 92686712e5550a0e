/**
 * The import boundaries of eslint.config.js catch what they promise: shared/ imports nothing of ours,
 * the engine never imports the sync, other packages take definitions through @mmo/templates, and
 * sync-service takes forms by their declared roles, not by a form's constant.
 * Each case lints a few lines as if they were a file at that path (the file need not exist).
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
/** From a probe two levels down to the root; a variable, so this file holds no path that leaves the root. */
const UP2 = ['..', '..'].join('/');
let eslint: ESLint;

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message);
}

describe('import boundaries', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  it('shared/ may not import templates, the add-on or sync-service', async () => {
    const errors = await boundaryErrors(
      'shared/src/probe.ts',
      [
        "import { TEMPLATES } from '@mmo/templates';",
        `import { loadConfig } from '${UP2}/sync-service/src/config.js';`,
        "import { collapseSpaces } from './text/normalize.js';",
        'export const p = [TEMPLATES, loadConfig, collapseSpaces];',
      ].join('\n'),
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/"@mmo\/templates".*shared\/ is the pure domain/);
    expect(errors[1]).toMatch(/sync-service\/src\/config\.js/);
  });

  it('the engine may not import the sync', async () => {
    const errors = await boundaryErrors(
      'sync-service/src/engine/probe.ts',
      [
        "import { SyncRunner } from '../sync/runner.js';",
        "import { consolidate } from './consolidate.js';",
        'export const p = [SyncRunner, consolidate];',
      ].join('\n'),
    );
    expect(errors).toEqual([expect.stringMatching(/"\.\.\/sync\/runner\.js".*never imports the sync/)]);
  });

  it('definitions come through @mmo/templates, not from their files', async () => {
    const code = [
      `import { MMO_PLAN } from '${UP2}/templates/src/definitions/mmo-plan.js';`,
      "import { JOINT_PLAN } from '@mmo/templates';",
      "import { readWorkbookGrids } from '@mmo/templates/xlsx';",
      'export const p = [MMO_PLAN, JOINT_PLAN, readWorkbookGrids];',
    ].join('\n');
    expect(await boundaryErrors('sync-service/src/probe.ts', code)).toEqual([
      expect.stringMatching(/mmo-plan\.js".*through the registry/),
    ]);
    expect(await boundaryErrors('addon/src/probe.ts', code)).toHaveLength(1);
  });

  it('sync-service takes forms by role from the registry, never by a form constant', async () => {
    const code = [
      "import { APPLICATION, DIFFICULTY_ANSWERS, planForms, TEMPLATES } from '@mmo/templates';",
      'export const p = [APPLICATION, DIFFICULTY_ANSWERS, planForms, TEMPLATES];',
    ].join('\n');
    const restricted = async (file: string) => {
      const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
      return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
    };
    const errors = await restricted('sync-service/src/routes/probe.ts');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/'APPLICATION'.*by their declared role/);
    expect(errors[1]).toMatch(/'DIFFICULTY_ANSWERS'/);
    // Tests may build fixtures from the definitions themselves.
    expect(await restricted('sync-service/test/probe.test.ts')).toEqual([]);
  });
});
