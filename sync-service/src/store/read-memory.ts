/**
 * Crash memory of reads, one rule for both stores: a source revision whose read started and never
 * ended killed its reader. A process killed once in the middle of a read gets one more try; a
 * worker seen dying on it, or a second unfinished start, and the revision is not read again until
 * the file changes — so a hostile file cannot put the service into a crash loop.
 */

/** Starts of a revision's read that never ended, after which it is not tried again. */
const MAX_UNFINISHED_READS = 2;

export interface UnfinishedRead {
  readonly revision: string;
  readonly attempts: number;
  readonly crashed: boolean;
}

/** null: do not read this revision; else the attempt count to record for the read about to start. */
export function nextReadAttempt(left: UnfinishedRead | undefined, revision: string): number | null {
  const same = left !== undefined && left.revision === revision;
  if (same && (left.crashed || left.attempts >= MAX_UNFINISHED_READS)) return null;
  return same ? left.attempts + 1 : 1;
}
