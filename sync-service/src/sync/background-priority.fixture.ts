/** Run as a worker by background-priority.test.ts: lowers itself and says what it sees. */
import { readlinkSync } from 'node:fs';
import { getPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { runInBackground } from './background-priority.js';

const lowered = runInBackground();
const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
parentPort!.postMessage({ lowered, tid, priority: getPriority(tid) });
