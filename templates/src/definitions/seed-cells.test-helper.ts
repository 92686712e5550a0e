/**
 * Seed 001 as the tests see it. The seeds are kept in the repository (docs/sources/), and the path is
 * resolved from this file rather than from the working directory.
 */
import { readFileSync } from 'node:fs';
import { collapseSpaces, DISTRICTS } from '@mmo/shared';

const SEED_001 = new URL('../../../docs/sources/001_482e6ea888f24594.txt', import.meta.url);
const SEED_000 = new URL('../../../docs/sources/000_31126bacae411cb1.txt', import.meta.url);

export const seedLines: readonly string[] = readFileSync(SEED_001, 'utf8').split(/\r?\n/);
/** Seed 000 (the ММО collection): its Приложение №4 is plain lines, no table. */
export const seed000Lines: readonly string[] = readFileSync(SEED_000, 'utf8').split(/\r?\n/);

/** A table cell is a line starting with TAB; trailing spaces and NBSP fillers are Word noise. */
export function cellOf(line: string): string | null {
  return line.startsWith('\t') ? collapseSpaces(line.slice(1)) : null;
}

/** 0-based line where a title that Word wrapped over a few lines begins. */
export function titleLine(title: string): number {
  return seedLines.findIndex((_, i) => collapseSpaces(seedLines.slice(i, i + 4).join(' ')).startsWith(title));
}

/** 0-based line of the next table cell with exactly this text at or after `from`, or -1. */
export function nextCell(text: string, from: number): number {
  for (let i = from; i < seedLines.length; i++) if (cellOf(seedLines[i]) === text) return i;
  return -1;
}

/** A valid ММО and one of its members, as a user picks them from the dropdowns. */
export const SAMPLE_DISTRICT = DISTRICTS[0];
export const SAMPLE_MUNICIPALITY = DISTRICTS[0].municipalities[0];
