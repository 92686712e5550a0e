/**
 * Marks «Проверить лист» leaves on bad cells: a colour and a note. They are recognisable (our colours,
 * our note heading), so the next check removes exactly its own marks and keeps notes people wrote.
 */
import { capitalize, type Issue } from '@mmo/shared';
import type { Rect } from '../ports.js';

export const MARK_COLORS = { error: '#f4cccc', warning: '#fff2cc' } as const;
export const MARK_HEADING = 'Проверка листа (ММО):';
const SEPARATOR = '────────';
/** Sheets reports "no colour" as white; writing white back would paint over banded rows. */
const NO_COLOR = '#ffffff';

/** A note without our mark: what the user had written there, or ''. */
export function stripMark(note: string): string {
  if (!note.startsWith(MARK_HEADING)) return note;
  const at = note.indexOf(`\n${SEPARATOR}\n`);
  return at < 0 ? '' : note.slice(at + SEPARATOR.length + 2);
}

export function withMark(userNote: string, lines: readonly string[]): string {
  const mark = [MARK_HEADING, ...lines.map((l) => `• ${l}`)].join('\n');
  return userNote ? `${mark}\n${SEPARATOR}\n${userNote}` : mark;
}

/** «D» → 4, «AA» → 27. */
export function columnNumber(letter: string): number {
  let n = 0;
  for (const ch of letter.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export interface Marks {
  readonly notes: string[][];
  readonly backgrounds: (string | null)[][];
  /** Cells marked now. */
  readonly marked: number;
  /** False when the sheet already looks exactly like this: nothing to write. */
  readonly changed: boolean;
}

/**
 * New notes and colours for the whole area: old marks cleared, issues with a row marked (issues
 * without a column go to the row's first cell), everything else as it was.
 */
export function computeMarks(
  area: Rect,
  issues: readonly Issue[],
  notes: readonly (readonly string[])[],
  backgrounds: readonly (readonly string[])[],
): Marks {
  const cells = new Map<string, { error: boolean; lines: string[] }>();
  for (const issue of issues) {
    if (!issue.row) continue;
    const row = issue.row - area.row;
    const col = (issue.column ? columnNumber(issue.column) : 1) - area.col;
    if (row < 0 || row >= area.rows || col < 0 || col >= area.cols) continue;
    const key = `${row}:${col}`;
    const cell = cells.get(key) ?? { error: false, lines: [] };
    cell.error ||= issue.severity === 'error';
    cell.lines.push(
      `${issue.severity === 'error' ? 'Ошибка' : 'Предупреждение'}: ${capitalize(issue.message)}`,
    );
    cells.set(key, cell);
  }
  let changed = false;
  const newNotes: string[][] = [];
  const newBackgrounds: (string | null)[][] = [];
  for (let r = 0; r < area.rows; r++) {
    const noteRow: string[] = [];
    const colorRow: (string | null)[] = [];
    for (let c = 0; c < area.cols; c++) {
      const oldNote = notes[r]?.[c] ?? '';
      const oldColor = (backgrounds[r]?.[c] ?? '').toLowerCase();
      const mark = cells.get(`${r}:${c}`);
      const userNote = stripMark(oldNote);
      const note = mark ? withMark(userNote, mark.lines) : userNote;
      const ours = oldColor === MARK_COLORS.error || oldColor === MARK_COLORS.warning;
      const kept = ours || oldColor === NO_COLOR || oldColor === '' ? null : oldColor;
      const color = mark ? (mark.error ? MARK_COLORS.error : MARK_COLORS.warning) : kept;
      if (note !== oldNote || (color ?? NO_COLOR) !== (oldColor || NO_COLOR)) changed = true;
      noteRow.push(note);
      colorRow.push(color);
    }
    newNotes.push(noteRow);
    newBackgrounds.push(colorRow);
  }
  return { notes: newNotes, backgrounds: newBackgrounds, marked: cells.size, changed };
}
