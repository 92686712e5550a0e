/**
 * Bench parts that must not share the bench's process: the memory target (the parent's own heap
 * would count) and the service under load (the load generator would compete for its event loop).
 * Children run on the same Node binary as the parent, in one of two ways:
 * - 'tsx': the TypeScript entry through tsx's loader, as `npm start` and `npm run consolidate`
 *   run — the full bench uses this, so the memory figure includes what production loads;
 * - 'bundle': the entry bundled once by esbuild (the one tsx itself runs on). Loading the module
 *   graph through tsx costs a child 10–20 s on a busy 2-core machine (date-fns alone is ~1,500
 *   files); the tiny bench inside `npm test` cannot afford that twice, and its numbers are not
 *   compared with anything.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdir, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(BENCH_DIR, '..', '..');

export type ChildLoader = 'tsx' | 'bundle';

function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

const bundles = new Map<string, Promise<string>>();

/**
 * Scripts an entry starts as worker threads, bundled beside it under the name the code looks for:
 * the sync engine resolves its worker as `./worker.js` next to its own module, which in a bundle is
 * the bundle's folder. Should that convention change, the runner falls back to working in-process
 * and says so in its 'start' event, which the bench reports.
 */
const COMPANIONS: Readonly<Record<string, readonly { readonly entry: string; readonly out: string }[]>> = {
  'service-child.ts': [{ entry: '../src/sync/worker.ts', out: 'worker.js' }],
};

/**
 * One ESM file per entry with the workspace's TypeScript inlined. npm packages stay external and
 * load from node_modules as usual (the bundle sits below the repository, and sync-service's
 * package.json makes its .js files ES modules), except date-fns, whose barrel is what makes
 * loading slow and of which two functions are used.
 */
function bundle(entry: string, outName: string): Promise<string> {
  const key = `${entry}\u0000${outName}`;
  let p = bundles.get(key);
  if (!p) {
    p = (async () => {
      const { build } = await import('esbuild');
      const dir = join(BENCH_DIR, '.data', 'bundles');
      await mkdir(dir, { recursive: true });
      const out = join(dir, outName);
      const tmp = join(dir, `.${outName}.tmp-${process.pid}.mjs`);
      await build({
        entryPoints: [resolve(BENCH_DIR, entry)],
        outfile: tmp,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        logLevel: 'error',
        // Bundled CommonJS (and exceljs's own requires) need `require` in an ES module.
        banner: {
          js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
        },
        plugins: [
          {
            name: 'external-packages',
            setup(b) {
              b.onResolve({ filter: /^[^./]/ }, (args) =>
                args.path.startsWith('@mmo/') || /^date-fns(\/|$)/.test(args.path)
                  ? undefined
                  : { path: args.path, external: true },
              );
            },
          },
        ],
      });
      // Whole or not at all: a concurrent bench may be starting the same bundle.
      await rename(tmp, out);
      return out;
    })();
    bundles.set(key, p);
  }
  return p;
}

async function bundled(entry: string): Promise<string> {
  const [main] = await Promise.all([
    bundle(entry, `${basename(entry, '.ts')}.mjs`),
    ...(COMPANIONS[entry] ?? []).map((c) => bundle(c.entry, c.out)),
  ]);
  return main;
}

/**
 * `node --import tsx <entry> …args` or `node <bundle> …args`, cwd at the repository root. The
 * bench's own NODE_OPTIONS are not passed on; BENCH_CHILD_NODE_OPTIONS are (for instance
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`, to see where a child spends its time).
 */
export async function spawnChild(
  entry: string,
  args: readonly string[],
  loader: ChildLoader,
  stdio: StdioOptions = ['ignore', 'pipe', 'pipe'],
  env: Readonly<Record<string, string>> = {},
): Promise<ChildProcess> {
  const head =
    loader === 'tsx' ? ['--import', tsxLoader(), resolve(BENCH_DIR, entry)] : [await bundled(entry)];
  return spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...head, ...args], {
    cwd: REPO_ROOT,
    stdio,
    env: { ...process.env, NODE_OPTIONS: process.env.BENCH_CHILD_NODE_OPTIONS ?? '', ...env },
  });
}

/** Runs a child to the end; its last stdout line is JSON. */
export async function runJsonChild<T>(
  entry: string,
  args: readonly string[],
  loader: ChildLoader,
  timeoutMs: number,
  env: Readonly<Record<string, string>> = {},
): Promise<T> {
  const child = await spawnChild(entry, args, loader, undefined, env);
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`процесс замера не завершился за ${Math.round(timeoutMs / 1000)} с`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0)
        return reject(
          new Error(
            `процесс замера завершился с кодом ${code}: ${(err.trim().split('\n').at(-1) ?? '').slice(0, 300)}`,
          ),
        );
      try {
        resolvePromise(JSON.parse(last) as T);
      } catch {
        reject(new Error(`процесс замера не выдал результат: ${last.slice(0, 200)}`));
      }
    });
  });
}
