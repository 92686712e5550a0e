/**
 * The sync thread yields the CPU to the main thread. On two cores a full sync keeps one busy while
 * the main thread answers requests and anything else on the machine wants the other; a request
 * then waits for the scheduler, not for our code. Linux nices each thread on its own, so the
 * thread lowers only itself: when the machine is idle the sync runs as fast as before.
 */
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/** The calling thread's id on Linux (/proc/thread-self → «pid/task/tid»); null elsewhere. */
function threadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Lowers the calling thread to «below normal»; true if it could. */
export function runInBackground(): boolean {
  const tid = threadId();
  if (tid === null || tid === process.pid) return false;
  try {
    setPriority(tid, constants.priority.PRIORITY_BELOW_NORMAL);
    return true;
  } catch {
    return false;
  }
}
