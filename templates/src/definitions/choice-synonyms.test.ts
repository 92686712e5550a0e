import { describe, expect, it } from 'vitest';
import { matchChoice, tableColumns, type FieldDef } from '@mmo/shared';
import { TEMPLATES } from '../index.js';

const choiceFields: [string, FieldDef][] = [];
for (const t of TEMPLATES) {
  for (const f of tableColumns(t))
    if (f.choices && !choiceFields.some(([, g]) => g === f)) choiceFields.push([`${t.id}.${f.key}`, f]);
}

describe('choice synonyms of the definitions', () => {
  it('are given for the closed choice lists', () => {
    expect(choiceFields.filter(([, f]) => f.synonyms).map(([id]) => id)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^questionnaire/),
        expect.stringMatching(/^roadmap/),
        expect.stringMatching(/^self-diagnostics/),
      ]),
    );
  });

  it.each(choiceFields.filter(([, f]) => f.synonyms))(
    '%s: every synonym names a choice and reads as exactly that choice',
    (_id, field) => {
      for (const [choice, list] of Object.entries(field.synonyms ?? {})) {
        expect(field.choices).toContain(choice);
        for (const synonym of list)
          expect(matchChoice(synonym, field.choices ?? [], field.synonyms)).toEqual({ value: choice });
      }
    },
  );

  it.each(choiceFields)('%s: every choice still reads as itself', (_id, field) => {
    for (const c of field.choices ?? [])
      expect(matchChoice(c, field.choices ?? [], field.synonyms)).toEqual({ value: c });
  });
});
