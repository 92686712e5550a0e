import { describe, expect, it } from 'vitest';
import type { TemplateDef } from '@mmo/shared';
import {
  APPLICATION,
  JOINT_PLAN,
  MMO_PLAN,
  PROPOSALS,
  QUESTIONNAIRE_DOO,
  QUESTIONNAIRE_OO,
  ROADMAP,
  SELF_DIAGNOSTICS_REGIONAL,
  TEMPLATES,
} from './index.js';
import {
  countedTotals,
  defaultDeadlines,
  expectedForms,
  formServedAt,
  parseRegistry,
  planForms,
  repeatedPeopleForms,
} from './registry.js';

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

  it('lets the questionnaires share «Затруднения», but not with other settings, nor a sheet of a kind that is not shared', () => {
    expect(TEMPLATES.filter((t) => t.regional?.some((v) => v.sheet === 'Затруднения'))).toHaveLength(3);
    const other = {
      ...QUESTIONNAIRE_OO,
      regional: [{ ...QUESTIONNAIRE_OO.regional[0], valuesHeading: 'Нужна помощь' }],
    } as TemplateDef;
    expect(fails(TEMPLATES.map((t) => (t.id === other.id ? other : t)))).toContain(
      'форма «questionnaire-oo»: лист сводки «Затруднения» уже занят: форма «questionnaire-doo»',
    );
    const twice = {
      ...PROPOSALS,
      regional: [{ kind: 'calendar', sheet: 'Календарь', field: 'period' }],
    } as TemplateDef;
    expect(fails(TEMPLATES.map((t) => (t.id === twice.id ? twice : t)))).toContain(
      'форма «proposals»: лист сводки «Календарь» уже занят: форма «mmo-plan»',
    );
  });

  it('refuses the newer views over columns the form lacks or of the wrong type', () => {
    const application = {
      ...APPLICATION,
      regional: [
        { kind: 'checkedRecords', sheet: 'Заявки', omit: ['nomer'] },
        {
          kind: 'countBy',
          sheet: 'Заявки по программам',
          field: 'programme',
          heading: 'Программа',
          distinct: { person: 'trainee', workplace: 'traineeWorkplace' },
        },
      ],
    } as TemplateDef;
    const message = fails([application]);
    expect(message).toContain(
      'форма «application»: лист «Заявки»: нет столбца «nomer», чтобы его не выводить',
    );
    expect(message).toContain('лист «Заявки по программам»: нет столбца «trainee» для повторных записей');
    const calendar = {
      ...MMO_PLAN,
      regional: [{ kind: 'calendar', sheet: 'Календарь', field: 'title' }],
    } as TemplateDef;
    expect(fails([calendar])).toContain(
      'форма «mmo-plan»: лист «Календарь»: «title» — не столбец сроков (period)',
    );
    const listed = { ...ROADMAP, regional: [{ kind: 'checkedRecords', sheet: 'Карта' }] } as TemplateDef;
    expect(fails([listed])).toContain(
      `форма «${ROADMAP.id}»: лист «Карта»: такой лист бывает только у табличной формы`,
    );
    const scores = { ...ROADMAP, regional: [{ kind: 'scores', sheet: 'Баллы' }] } as TemplateDef;
    expect(fails([scores])).toContain(
      `форма «${ROADMAP.id}»: лист «Баллы»: у формы нет пунктов с правилами подсчёта баллов`,
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

  it('refuses roles a form cannot have: expected or a deadline without an ММО, records of an items form', () => {
    const message = fails([
      { ...SELF_DIAGNOSTICS_REGIONAL, expected: true, deadline: '09-31x' },
      { ...QUESTIONNAIRE_DOO, counted: { key: 'questionnaires', unit: 'records', label: 'анкет' } },
      { ...PROPOSALS, counted: { key: 'errors', unit: 'records', label: 'ошибок' } },
    ] as TemplateDef[]);
    expect(message).toContain(
      `форма «${SELF_DIAGNOSTICS_REGIONAL.id}»: deadline — срок — месяц и день вида «09-15»`,
    );
    expect(message).toContain(
      `форма «${QUESTIONNAIRE_DOO.id}»: counted: записи считаются только у табличной формы`,
    );
    expect(message).toContain('форма «proposals»: counted.key — ключ итога занят самим отчётом');
    const noMmo = fails([{ ...SELF_DIAGNOSTICS_REGIONAL, expected: true, deadline: '09-15' }]);
    expect(noMmo).toContain('expected: форму ждут от каждого ММО, но в шапке нет поля ММО');
    expect(noMmo).toContain('deadline: срок сдачи у формы, которую не сдаёт ММО');
  });

  it('refuses a total two forms count differently, a second plan of one scope, a role over missing columns', () => {
    const message = fails([
      ...TEMPLATES.filter((t) => t.id !== PROPOSALS.id),
      {
        ...PROPOSALS,
        counted: { key: 'applications', unit: 'records', label: 'предложений' },
        plan: 'joint',
        repeats: { person: 'title', programme: 'programme' },
        api: {
          path: 'applications',
          columns: ['title', 'when'],
          header: { key: 'c', fields: { a: 'nope' } },
        },
      },
    ] as TemplateDef[]);
    const say = (text: string) => expect(message).toContain(`форма «proposals»: ${text}`);
    say('counted «applications»: иначе, чем у формы «application» (unit и label должны совпадать)');
    say('plan «joint» уже объявлен у формы «joint-plan»');
    say('api «applications» уже объявлен у формы «application»');
    say('repeats: нет столбца «programme»');
    say('repeats.person «title»: поле, которое называет человека, должно быть personal');
    say('api: нет столбца «when»');
    say('api: нет поля шапки «nope»');
  });

  it('gives the service forms by their declared role', () => {
    expect(expectedForms(TEMPLATES).map((t) => t.id)).toEqual([MMO_PLAN.id, APPLICATION.id]);
    expect(planForms(TEMPLATES).map((t) => t.id)).toEqual([MMO_PLAN.id, JOINT_PLAN.id]);
    expect(planForms(TEMPLATES, 'joint').map((t) => t.id)).toEqual([JOINT_PLAN.id]);
    expect(countedTotals(TEMPLATES).map((t) => [t.count.key, t.ids.length])).toEqual([
      ['planEvents', 1],
      ['jointEvents', 1],
      ['applications', 1],
      ['questionnaires', 3],
    ]);
    expect(formServedAt(TEMPLATES, 'applications')).toBe(APPLICATION);
    expect(repeatedPeopleForms(TEMPLATES)).toEqual([APPLICATION]);
    expect(defaultDeadlines(TEMPLATES)).toEqual({
      'mmo-plan': '09-15',
      'methodist-plan': '09-25',
      application: '10-01',
    });
  });
});
