/**
 * A fresh clone with nothing beside it must pass `npm test`, so no source, test, script or document
 * may point at a path outside the repository root (the seeds once lived in ../shared/seeds).
 * The scan resolves every relative path literal ('./…', '../…' in quotes or backticks, Markdown link
 * targets) against the directory of the file that holds it, the way imports and `new URL(…,
 * import.meta.url)` resolve them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
/** Installed, generated or local-only folders (as in .gitignore): not part of the repository's own text. */
const SKIPPED_NAMES = new Set(['node_modules', '.git', 'dist']);
const SKIPPED_PATHS = new Set(
  ['tmp', 'templates/out', 'sync-service/data', 'sync-service/bench/.data'].map((p) => join(ROOT, p)),
);
const SCANNED_EXTENSIONS = new Set([
  '.ts',
  '.mts',
  '.cts',
  '.js',
  '.mjs',
  '.cjs',
  '.json',
  '.md',
  '.yml',
  '.yaml',
  '.sh',
]);
const SKIPPED_FILES = new Set(['package-lock.json']);
/** Scripts without an extension that still hold paths. */
const SCANNED_NAMES = new Set(['run']);

const RELATIVE_LITERAL = /(['"`])((?:\.\.?\/)+[^'"`\s]*)\1|\]\(((?:\.\.?\/)+[^)\s]*)\)/g;

export interface OutsideReference {
  readonly file: string;
  readonly line: number;
  readonly path: string;
}

/** Relative paths in `text` (a file at `file`) that resolve outside `root`. */
export function outsideReferences(root: string, file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const match of lineText.matchAll(RELATIVE_LITERAL)) {
      const path = match[2] ?? match[3];
      const target = relative(root, resolve(dirname(file), path));
      if (target === '..' || target.startsWith(`..${sep}`)) {
        found.push({ file: relative(root, file), line: index + 1, path });
      }
    }
  });
  return found;
}

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory())
      return SKIPPED_NAMES.has(entry.name) || SKIPPED_PATHS.has(full) ? [] : repositoryFiles(full);
    if (SKIPPED_FILES.has(entry.name)) return [];
    return SCANNED_EXTENSIONS.has(extname(entry.name)) || SCANNED_NAMES.has(entry.name) ? [full] : [];
  });
}

describe('the repository stands alone', () => {
  it('finds a path that climbs out of the root (the old seed path is caught)', () => {
    // Built from parts, so this file does not hold the paths it tests.
    const up = (levels: number, rest: string) => [...Array<string>(levels).fill('..'), rest].join('/');
    const helper = join(ROOT, 'templates/src/definitions/seed-cells.test-helper.ts');
    const oldSeed = up(4, 'shared/seeds/001_482e6ea888f24594.txt');
    expect(outsideReferences(ROOT, helper, `const SEED = new URL('${oldSeed}', import.meta.url);`)).toEqual([
      { file: 'templates/src/definitions/seed-cells.test-helper.ts', line: 1, path: oldSeed },
    ]);
    expect(
      outsideReferences(ROOT, join(ROOT, 'README.md'), `Формы взяты из \`${up(1, 'shared/seeds/')}\`.`),
    ).toHaveLength(1);
    expect(
      outsideReferences(ROOT, join(ROOT, 'README.md'), `[документы](${up(1, 'shared/seeds/README.md')})`),
    ).toHaveLength(1);
    const inside = up(3, 'docs/sources/001_482e6ea888f24594.txt');
    expect(outsideReferences(ROOT, helper, `new URL('${inside}', import.meta.url)`)).toEqual([]);
  });

  it('no source, test, script or document refers to a path outside the repository root', () => {
    const files = repositoryFiles(ROOT);
    expect(files.length).toBeGreaterThan(100);
    const outside = files.flatMap((file) => outsideReferences(ROOT, file, readFileSync(file, 'utf8')));
    expect(outside.map((ref) => `${ref.file}:${ref.line}: ${ref.path}`)).toEqual([]);
  });

  it('the source documents the tests and the demo region read are in docs/sources', () => {
    const sources = readdirSync(join(ROOT, 'docs/sources'));
    expect(sources).toEqual(
      expect.arrayContaining([
        '000_31126bacae411cb1.txt',
        '001_482e6ea888f24594.txt',
        'seed000-plans.json',
        'README.md',
      ]),
    );
  });
});
