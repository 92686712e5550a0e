/**
 * The registry's own check: every definition is parsed by a zod schema when TEMPLATES loads, and the
 * definitions are checked against each other, so a bad definition stops the build (the typecheck
 * imports it, every test and program loads it) with a message that names the form and the slip —
 * not a wrong sheet discovered by a user. What one form may not do alone (a field it lacks) and what
 * forms may not do together (two forms one id, a view named like another's or like a system sheet).
 */
import { z } from 'zod';
import {
  answerColumns,
  regionalViewSchema,
  sheetNameKey,
  SHARED_SHEET_KINDS,
  SYSTEM_SHEET_NAMES,
  tableColumns,
  type FieldType,
  type RegionalView,
  type TemplateDef,
} from '@mmo/shared';

const FIELD_TYPES = [
  'text',
  'integer',
  'number',
  'percent',
  'date',
  'period',
  'phone',
  'email',
  'choice',
  'multiChoice',
  'yesNo',
  'mmo',
  'municipality',
  'academicYear',
] as const satisfies readonly FieldType[];
// Fails to compile when model.ts gains a field type this list lacks.
const everyFieldType: Record<Exclude<FieldType, (typeof FIELD_TYPES)[number]>, never> = {};
void everyFieldType;

const text = z.string().trim().min(1, 'пустой текст');
const sheetName = z
  .string()
  .min(1)
  .max(31, 'имя листа длиннее 31 символа')
  .regex(/^[^[\]:*?/\\]+$/, 'имя листа не может содержать []:*?/\\');

const fieldSchema = z
  .looseObject({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'ключ поля — латинские буквы и цифры'),
    label: text,
    type: z.enum(FIELD_TYPES),
    choices: z.array(text).min(1).optional(),
    aliases: z.array(text).optional(),
  })
  .refine((f) => !['choice', 'multiChoice'].includes(f.type) || (f.choices?.length ?? 0) > 0, {
    message: 'у поля выбора нет вариантов (choices)',
    path: ['choices'],
  });

const base = {
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id формы — строчные латинские слова через дефис'),
  title: text,
  sheetName,
  menuLabel: text,
  source: text,
  header: z.array(fieldSchema),
  instructions: z.array(z.string()),
  titleAliases: z.array(text).optional(),
  regional: z.array(regionalViewSchema).optional(),
};

const itemSchema = z.looseObject({
  id: text,
  text: text,
  isGroup: z.boolean().optional(),
  answers: z.array(fieldSchema).optional(),
});

export const templateDefSchema = z.discriminatedUnion('layout', [
  z.looseObject({
    ...base,
    layout: z.literal('table'),
    columns: z.array(fieldSchema).min(1),
    sectionField: z.string().optional(),
    recordKey: z.object(
      { fields: z.array(z.string()).min(1), loose: z.array(z.string()).min(1).optional() },
      { error: 'нет ключа записи (recordKey) для «Изменений»' },
    ),
  }),
  z.looseObject({
    ...base,
    layout: z.literal('items'),
    numberLabel: text,
    itemLabel: text,
    infoColumns: z.array(fieldSchema).optional(),
    answers: z.array(fieldSchema),
    items: z.array(itemSchema).min(1),
    printed: z.looseObject({ markField: z.string(), titleBlank: z.string().optional() }).optional(),
  }),
]);

/** The slips one definition can make alone, in Russian. */
function formProblems(t: TemplateDef): string[] {
  const problems: string[] = [];
  const keys = [...t.header, ...tableColumns(t)].map((f) => f.key);
  for (const key of new Set(keys))
    if (keys.filter((k) => k === key).length > 1) problems.push(`поле «${key}» объявлено дважды`);
  const answers = new Set(answerColumns(t).map((f) => f.key));
  const columns = new Set(tableColumns(t).map((f) => f.key));
  if (t.layout === 'table' && t.sectionField && !columns.has(t.sectionField))
    problems.push(`sectionField «${t.sectionField}»: нет такого столбца`);
  if (t.layout === 'table') {
    for (const key of [...(t.recordKey?.fields ?? []), ...(t.recordKey?.loose ?? [])])
      if (!columns.has(key)) problems.push(`recordKey: нет столбца «${key}»`);
  }
  if (t.layout === 'items') {
    const ids = t.items.map((i) => i.id);
    for (const id of new Set(ids))
      if (ids.filter((i) => i === id).length > 1) problems.push(`пункт «${id}» объявлен дважды`);
    if (t.printed && !answers.has(t.printed.markField))
      problems.push(`printed.markField «${t.printed.markField}»: нет такого поля ответа`);
    if (t.printed?.titleBlank && !t.header.some((f) => f.key === t.printed?.titleBlank))
      problems.push(`printed.titleBlank «${t.printed.titleBlank}»: нет такого поля шапки`);
  }
  for (const view of t.regional ?? []) {
    if ('field' in view && !answers.has(view.field))
      problems.push(`лист «${view.sheet}»: нет поля ответа «${view.field}»`);
    if (view.kind === 'records')
      for (const key of Object.keys(view.labels ?? {}))
        if (!columns.has(key)) problems.push(`лист «${view.sheet}»: нет столбца «${key}» для заголовка`);
    if (view.kind === 'overdue' && !columns.has(view.termField))
      problems.push(`лист «${view.sheet}»: нет столбца срока «${view.termField}»`);
    if ((view.kind === 'checkedRecords' || view.kind === 'countBy') && t.layout !== 'table')
      problems.push(`лист «${view.sheet}»: такой лист бывает только у табличной формы`);
    if (view.kind === 'checkedRecords')
      for (const key of view.omit ?? [])
        if (!columns.has(key))
          problems.push(`лист «${view.sheet}»: нет столбца «${key}», чтобы его не выводить`);
    if (view.kind === 'countBy')
      for (const key of [view.distinct?.person, view.distinct?.workplace])
        if (key !== undefined && !columns.has(key))
          problems.push(`лист «${view.sheet}»: нет столбца «${key}» для повторных записей`);
    if (view.kind === 'calendar' && tableColumns(t).find((f) => f.key === view.field)?.type !== 'period')
      problems.push(`лист «${view.sheet}»: «${view.field}» — не столбец сроков (period)`);
    if (view.kind === 'scores' && (t.layout !== 'items' || !t.items.some((i) => !i.isGroup && i.rule)))
      problems.push(`лист «${view.sheet}»: у формы нет пунктов с правилами подсчёта баллов`);
  }
  return problems;
}

/** Whether a second form's view may join the sheet of `first`: a shared kind, the same settings. */
function sharesSheet(first: RegionalView, next: RegionalView): boolean {
  if (first.kind !== next.kind || !SHARED_SHEET_KINDS.includes(first.kind)) return false;
  const settings = ({ field: _field, ...rest }: RegionalView & { field?: string }) => JSON.stringify(rest);
  return settings(first) === settings(next);
}

/**
 * Parses the definitions and checks them together; throws one Error listing every slip, by form.
 * Returns the same objects, so a definition module's own export and TEMPLATES' entry stay one.
 */
export function parseRegistry<T extends readonly TemplateDef[]>(templates: T): T {
  const problems: string[] = [];
  const say = (t: { id?: unknown } | undefined, index: number, message: string) =>
    problems.push(`форма ${typeof t?.id === 'string' ? `«${t.id}»` : `№${index + 1}`}: ${message}`);

  templates.forEach((t, i) => {
    const parsed = templateDefSchema.safeParse(t);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        say(t, i, `${issue.path.join('.') || 'определение'} — ${issue.message}`);
      return;
    }
    for (const p of formProblems(t)) say(t, i, p);
  });

  const ids = new Map<string, number>();
  const tabs = new Map<string, string>();
  const views = new Map<string, { owner: string; view?: RegionalView }>(
    SYSTEM_SHEET_NAMES.map((n) => [sheetNameKey(n), { owner: 'системный лист сводки' }]),
  );
  templates.forEach((t, i) => {
    if (ids.has(t.id)) say(t, i, `id «${t.id}» уже занят формой №${ids.get(t.id)! + 1}`);
    else ids.set(t.id, i);
    const tab = sheetNameKey(t.sheetName ?? '');
    if (tabs.has(tab)) say(t, i, `лист «${t.sheetName}» уже есть у формы «${tabs.get(tab)}»`);
    else tabs.set(tab, t.id);
    for (const view of t.regional ?? []) {
      const key = sheetNameKey(view.sheet);
      const taken = views.get(key);
      // Forms may share a sheet of a kind made for it, declared alike but for the field counted.
      if (taken?.view && sharesSheet(taken.view, view)) continue;
      if (taken) say(t, i, `лист сводки «${view.sheet}» уже занят: ${taken.owner}`);
      else views.set(key, { owner: `форма «${t.id}»`, view });
    }
  });

  if (problems.length)
    throw new Error(
      `Реестр форм (templates/src/index.ts) неверен:\n${problems.map((p) => `  – ${p}`).join('\n')}`,
    );
  return templates;
}
