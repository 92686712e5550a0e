/**
 * Two service processes (`src/main.ts`, as `npm start` runs it) on one PostgreSQL database and
 * one data folder, as behind a balancer: syncs triggered on both at once make exactly one run and
 * both answer it; /api/status is the same from both; an instance killed mid-sync leaves no lock
 * behind, and the other completes the next sync.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APPLICATION } from '@mmo/templates';
import { renderTemplateXlsx } from '@mmo/templates/xlsx';
import { ensureTokenFile } from '../../src/middleware/auth/index.js';
import { SEED_ACADEMIC_YEAR } from '../../src/seed/seed-region.js';
import { pgDatabase, skipPg } from './provided.js';

const SERVICE_DIR = join(import.meta.dirname, '..', '..');

interface Instance {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  /** Resolves with the exit signal or code. */
  readonly exited: Promise<string>;
}

let data: string;
let dbUrl: string;
let token: string;
let db: pg.Client;
const live = new Set<ChildProcess>();

function startInstance(): Promise<Instance> {
  const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', 'src/main.ts'], {
    cwd: SERVICE_DIR,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      DATA_DIR: data,
      PORT: '0',
      HOST: '127.0.0.1',
      SYNC_INTERVAL_MIN: '0',
      CONFIG: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? String(code))),
  );
  void exited.then(() => live.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      // The first sync is done (its own or the other instance's): the instance is ready.
      const url = /Сводка открыта: (http:\/\/\S+)/.exec(out)?.[1];
      if (url && /Готово\./.test(out)) {
        clearInterval(timer);
        resolve({ child, url, output: () => out, exited });
      }
    }, 50);
    void exited.then((how) => {
      clearInterval(timer);
      reject(new Error(`the service exited (${how}):\n${out}`));
    });
  });
}

async function api(
  instance: Instance,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${instance.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function runs(): Promise<{ id: number; status: string }[]> {
  const { rows } = await db.query<{ id: string; status: string }>(
    'SELECT id, status FROM sync_runs ORDER BY id',
  );
  return rows.map((r) => ({ id: Number(r.id), status: r.status }));
}

describe.skipIf(skipPg)('two service instances on one PostgreSQL database', () => {
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    dbUrl = await pgDatabase('twin');
    data = mkdtempSync(join(tmpdir(), 'mmo-twin-'));
    const issued = ensureTokenFile(join(data, 'tokens.json'))!;
    token = issued.find((t) => t.role.kind === 'rmc')!.token;
    // Both start together on an empty database and an empty folder: one seeds, both sync on start.
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    for (const child of live) child.kill('SIGKILL');
    await db?.end();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  test('syncs triggered on both at once make one run, answered by both; the same /api/status from both', async () => {
    const before = await runs();
    expect(before.some((r) => r.status === 'running')).toBe(false);

    const [fromA, fromB] = await Promise.all([
      api(a, '/api/sync', { method: 'POST', body: '{}' }),
      api(b, '/api/sync', { method: 'POST', body: '{}' }),
    ]);
    expect(fromA.status).toBe(200);
    expect(fromB.status).toBe(200);
    const after = await runs();
    expect(after).toHaveLength(before.length + 1);
    const run = after.at(-1)!;
    expect(run.status).toBe('done');
    expect(fromA.body.runId).toBe(run.id);
    expect(fromB.body).toEqual(fromA.body);

    const [statusA, statusB] = await Promise.all([api(a, '/api/status'), api(b, '/api/status')]);
    expect(statusA.status).toBe(200);
    expect((statusA.body.lastSync as { runId: number }).runId).toBe(run.id);
    expect(statusA.body.running).toBeNull();
    expect(statusB.body).toEqual(statusA.body);
  }, 120_000);

  test('an instance killed mid-sync leaves no lock: the other completes the next sync', async () => {
    // A new 3 000-row заявка makes the next sync read and parse for a while.
    const rows = Array.from({ length: 3_000 }, (_, i) => ({
      programme: `Программа повышения квалификации №${(i % 40) + 1}`,
      traineeName: `Тестовый Педагог ${i + 1}`,
      traineeWorkplace: `МКОУ «СОШ №${(i % 300) + 1}»`,
      period: 'Ноябрь, 2022',
    }));
    const header = {
      mmo: '№6',
      contactName: 'Тестова Анна Ивановна',
      contactPhone: '+7 900 000-00-06',
      contactEmail: 'mmo6@example.invalid',
      academicYear: SEED_ACADEMIC_YEAR,
    };
    await writeFile(
      join(data, 'sources', 'ММО-6 Заявка.xlsx'),
      await renderTemplateXlsx(APPLICATION, { header, rows }),
    );

    const last = (await runs()).at(-1)!.id;
    void api(a, '/api/sync', { method: 'POST', body: '{}' }).catch(() => undefined);
    let killed: number | null = null;
    for (let i = 0; i < 2_000 && killed === null; i++) {
      const running = (await runs()).find((r) => r.id > last && r.status === 'running');
      if (running) killed = running.id;
      else await new Promise((r) => setTimeout(r, 10));
    }
    expect(killed, 'instance A began a run').not.toBeNull();
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');

    const next = await api(b, '/api/sync', { method: 'POST', body: '{}' });
    expect(next.status).toBe(200);
    const all = await runs();
    expect(all.find((r) => r.id === killed)?.status).toBe('interrupted');
    expect(next.body.runId).toBe(all.at(-1)!.id);
    expect(all.at(-1)).toMatchObject({ status: 'done' });
    expect(next.body.runId).toBeGreaterThan(killed!);

    const status = await api(b, '/api/status');
    const lastSync = status.body.lastSync as { runId: number; counts: { applications: number } };
    expect(lastSync.runId).toBe(next.body.runId);
    expect(lastSync.counts.applications).toBeGreaterThanOrEqual(3_000);
  }, 180_000);
});
