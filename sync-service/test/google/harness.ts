/** A fake Google with one service account whose key file is on disk, and backoff that never really waits. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGoogle, type FakeGoogle } from '../fake-google/server.js';
import type { BackoffOptions } from '../../src/sources/backoff.js';

export const SA_EMAIL = 'sync@mmo-sync-dagestan.iam.gserviceaccount.com';

export interface Harness {
  readonly fake: FakeGoogle;
  readonly keyFile: string;
  /** Every backoff delay asked for, in ms. */
  readonly sleeps: number[];
  readonly backoff: Partial<BackoffOptions>;
  close(): Promise<void>;
}

export async function startHarness(options: { latencyMs?: number } = {}): Promise<Harness> {
  const fake = await startFakeGoogle(options);
  const dir = await mkdtemp(join(tmpdir(), 'mmo-google-'));
  const keyFile = join(dir, 'service-account.json');
  await writeFile(keyFile, JSON.stringify(fake.createServiceAccount(SA_EMAIL), null, 2));
  const sleeps: number[] = [];
  return {
    fake,
    keyFile,
    sleeps,
    backoff: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      // Mid-range jitter: delays are half the exponential ceiling, easy to assert.
      random: () => 0.5,
      now: () => Date.parse('2024-09-02T10:00:00Z'),
    },
    async close() {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
