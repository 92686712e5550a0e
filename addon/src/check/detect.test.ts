import { describe, expect, it } from 'vitest';
import { TEMPLATES, APPLICATION, JOINT_PLAN, MMO_PLAN } from '@mmo/templates';
import { detectTemplate } from './detect.js';

describe('detectTemplate', () => {
  it('goes by the tab name first, copies included', () => {
    expect(detectTemplate(TEMPLATES, 'План ММО', [])?.template).toBe(MMO_PLAN);
    expect(detectTemplate(TEMPLATES, 'План ММО (2)', [])?.template).toBe(MMO_PLAN);
    expect(detectTemplate(TEMPLATES, 'Копия План с РМЦ', [])?.template).toBe(JOINT_PLAN);
  });

  it('else by the header row that matches best', () => {
    const grid = [
      ['Заявка от округа'],
      [],
      APPLICATION.columns.map((c) => c.label),
      ['1', 'Программа', '', '', 'Иванов И. И.', 'МКОУ СОШ'],
    ];
    expect(detectTemplate(TEMPLATES, 'Лист1', grid)?.template).toBe(APPLICATION);
  });

  it('returns null for a sheet of no form', () => {
    expect(detectTemplate(TEMPLATES, 'Лист1', [['Список дел'], ['позвонить']])).toBeNull();
  });
});
