/**
 * A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, a free port on
 * 127.0.0.1, the socket in that folder, stopped and removed at the end. Never a server that is
 * already there. PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the
 * `postgres` user of Debian's package.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestCluster {
  /** Superuser URL of the cluster's `postgres` database. */
  readonly url: string;
  stop(): Promise<void>;
}

/** The bin folder of the newest PostgreSQL installed (Debian: /usr/lib/postgresql/<n>/bin), or null. */
export function postgresBinDir(): string | null {
  const fromEnv = process.env.PG_BIN?.trim();
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function systemUser(name: string): Promise<{ uid: number; gid: number } | null> {
  try {
    const { stdout } = await run('id', ['-u', name]);
    const { stdout: g } = await run('id', ['-g', name]);
    return { uid: Number(stdout.trim()), gid: Number(g.trim()) };
  } catch {
    return null;
  }
}

export async function startCluster(): Promise<TestCluster> {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error(
      'PostgreSQL не установлен (нет /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql, или PG_BIN=<папка с initdb>',
    );
  const dir = mkdtempSync(join(tmpdir(), 'mmo-pg-'));
  const asRoot = process.getuid?.() === 0;
  let as: string[] = [];
  if (asRoot) {
    const user = await systemUser('postgres');
    if (!user)
      throw new Error('тесты идут от root, а пользователя postgres нет: PostgreSQL не запускается от root');
    chownSync(dir, user.uid, user.gid);
    as = ['runuser', '-u', 'postgres', '--'];
  }
  const exec = (cmd: string, args: string[]) =>
    as.length ? run(as[0], [...as.slice(1), join(bin, cmd), ...args]) : run(join(bin, cmd), args);
  const data = join(dir, 'data');
  await exec('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const port = await freePort();
  // Durability is not what these tests check: fsync off saves seconds on a busy machine.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  await exec('pg_ctl', [
    '-D',
    data,
    '-o',
    options,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '120',
    'start',
  ]);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A new empty database in the cluster, for one test or one file: its URL. */
export async function freshDatabase(adminUrl: string, prefix = 't'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
