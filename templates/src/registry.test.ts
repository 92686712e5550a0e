import { describe, expect, it } from 'vitest';
import type { TemplateDef } from '@mmo/shared';
import { PROPOSALS, ROADMAP, TEMPLATES } from './index.js';
import { parseRegistry } from './registry.js';

function fails(templates: readonly TemplateDef[]): string {
  try {
    parseRegistry(templates);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the registry was accepted');
}

describe('parseRegistry', () => {
  it('accepts the registry as it is', () => {
    expect(parseRegistry(TEMPLATES)).toBe(TEMPLATES);
  });

  it('refuses a second form with a taken id or tab, naming both', () => {
    const copy: TemplateDef = { ...PROPOSALS, regional: [] };
    const message = fails([...TEMPLATES, copy]);
    expect(message).toContain('форма «proposals»: id «proposals» уже занят формой №10');
    expect(message).toContain(`лист «${PROPOSALS.sheetName}» уже есть у формы «proposals»`);
  });

  it('refuses a view named like a system sheet or another form’s view, ignoring case', () => {
    const renamed: TemplateDef = {
      ...PROPOSALS,
      regional: [
        { kind: 'records', sheet: 'полнота' },
        { kind: 'records', sheet: 'Планы методистов' },
      ],
    };
    const message = fails(TEMPLATES.map((t) => (t.id === PROPOSALS.id ? renamed : t)));
    expect(message).toContain('форма «proposals»: лист сводки «полнота» уже занят: системный лист сводки');
    expect(message).toContain(
      'форма «methodist-plan»: лист сводки «Планы методистов» уже занят: форма «proposals»',
    );
  });

  it('refuses a view over a field the form lacks', () => {
    const broken = {
      ...ROADMAP,
      regional: [
        { kind: 'statusShare', sheet: 'Дорожная карта — итог', field: 'stauts', done: ['выполнено'] },
      ],
    } as TemplateDef;
    expect(fails([broken])).toContain(
      `форма «${ROADMAP.id}»: лист «Дорожная карта — итог»: нет поля ответа «stauts»`,
    );
  });

  it('refuses a table form without a record key for «Изменения», or with a key over a column it lacks', () => {
    const { recordKey: _dropped, ...keyless } = PROPOSALS;
    expect(fails([keyless as TemplateDef])).toContain(
      'форма «proposals»: recordKey — нет ключа записи (recordKey) для «Изменений»',
    );
    const wrong = { ...PROPOSALS, recordKey: { fields: ['title', 'when'] } } as TemplateDef;
    expect(fails([wrong])).toContain('форма «proposals»: recordKey: нет столбца «when»');
  });

  it('refuses a malformed definition with the path of the slip', () => {
    const broken = {
      ...PROPOSALS,
      id: 'Proposals Form',
      columns: [{ key: 'kind', label: 'Вид', type: 'choice' }],
    } as unknown as TemplateDef;
    const message = fails([broken]);
    expect(message).toContain('форма «Proposals Form»: id — id формы — строчные латинские слова через дефис');
    expect(message).toContain('columns.0.choices — у поля выбора нет вариантов (choices)');
  });
});
