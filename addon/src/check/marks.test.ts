import { describe, expect, it } from 'vitest';
import type { Issue } from '@mmo/shared';
import { rect } from '../ports.js';
import { columnNumber, computeMarks, MARK_COLORS, stripMark, withMark } from './marks.js';

const area = rect(1, 1, 3, 3);
const blank = () => Array.from({ length: 3 }, () => ['', '', '']);
const white = () => Array.from({ length: 3 }, () => ['#ffffff', '#ffffff', '#ffffff']);

describe('notes', () => {
  it('wraps a user note and gives it back', () => {
    const marked = withMark('Уточнить', ['Ошибка: Нужно число']);
    expect(marked).toContain('Уточнить');
    expect(stripMark(marked)).toBe('Уточнить');
    expect(stripMark(withMark('', ['x']))).toBe('');
    expect(stripMark('Просто заметка')).toBe('Просто заметка');
  });
});

describe('columnNumber', () => {
  it.each([
    ['A', 1],
    ['D', 4],
    ['Z', 26],
    ['AA', 27],
    ['AZ', 52],
  ])('%s → %i', (l, n) => expect(columnNumber(l)).toBe(n));
});

describe('computeMarks', () => {
  const issues: Issue[] = [
    { severity: 'warning', message: 'предупреждение', row: 2, column: 'B' },
    { severity: 'error', message: 'нужно число', row: 2, column: 'B' },
    { severity: 'warning', message: 'повторная строка заголовков пропущена', row: 3 },
    { severity: 'error', message: 'не найдена строка заголовков' },
  ];

  it('marks each cell once, in the colour of its worst issue, with every message', () => {
    const marks = computeMarks(area, issues, blank(), white());
    expect(marks.backgrounds[1][1]).toBe(MARK_COLORS.error);
    expect(marks.notes[1][1]).toContain('• Предупреждение: Предупреждение');
    expect(marks.notes[1][1]).toContain('• Ошибка: Нужно число');
    expect(marks.backgrounds[2][0]).toBe(MARK_COLORS.warning);
    expect(marks.marked).toBe(2);
    expect(marks.backgrounds[0][0]).toBeNull();
  });

  it('clears its own marks, keeps other colours and notes, and reports no change for a clean sheet', () => {
    const first = computeMarks(area, issues, blank(), white());
    const notes = first.notes.map((r) => [...r]);
    notes[0][2] = 'Заметка';
    const colors = first.backgrounds.map((r) => r.map((c) => c ?? '#ffffff'));
    colors[0][2] = '#c9daf8';
    const cleared = computeMarks(area, [], notes, colors);
    expect(cleared.notes.flat().filter(Boolean)).toEqual(['Заметка']);
    expect(cleared.backgrounds.flat().filter(Boolean)).toEqual(['#c9daf8']);
    expect(cleared.changed).toBe(true);
    expect(computeMarks(area, [], blank(), white()).changed).toBe(false);
  });
});
