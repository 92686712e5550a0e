import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';
import { workerExecArgv } from './thread.js';

test.runIf(process.platform === 'linux')(
  'the sync thread runs below normal priority, and the main thread keeps its own',
  async () => {
    const before = getPriority(process.pid);
    const script = new URL('./background-priority.fixture.ts', import.meta.url);
    const worker = new Worker(script, { execArgv: workerExecArgv(script) });
    const seen = await new Promise<{ lowered: boolean; tid: number; priority: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(seen.lowered).toBe(true);
    expect(seen.tid).not.toBe(process.pid);
    expect(seen.priority).toBeGreaterThan(before);
    expect(getPriority(process.pid)).toBe(before);
  },
);
