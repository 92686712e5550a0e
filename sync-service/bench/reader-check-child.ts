/**
 * `TZ=<zone> node --import tsx reader-check-child.ts`: every candidate of readers.ts reads the
 * messy-shape fixtures in a process started in that zone; prints which kinds each keeps.
 */
import { checkReader, readerFixtures, type FixtureCheck } from './reader-fixtures.js';
import { READERS } from './readers.js';

const fixtures = await readerFixtures();
const out: Record<string, FixtureCheck> = {};
for (const r of READERS) out[r.id] = await checkReader(r, fixtures);
process.stdout.write(`${JSON.stringify(out)}\n`);
