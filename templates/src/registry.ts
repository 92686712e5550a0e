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
  type FormCount,
  type PlanScope,
  type TableTemplate,
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
  expected: z.boolean().optional(),
  counted: z
    .strictObject({
      key: z
        .string()
        .regex(/^[a-z][A-Za-z0-9]*$/, 'ключ итога — camelCase латиницей')
        .refine((k) => !RESERVED_TOTALS.has(k), 'ключ итога занят самим отчётом'),
      unit: z.enum(['records', 'sheets']),
      label: text,
    })
    .optional(),
  deadline: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'срок — месяц и день вида «09-15»')
    .optional(),
};

/** Keys of the report's `totals` that no form may take. */
const RESERVED_TOTALS: ReadonlySet<string> = new Set(['otherForms', 'errors', 'warnings']);

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
    plan: z.enum(['mmo', 'joint']).optional(),
    repeats: z
      .strictObject({ person: z.string(), programme: z.string(), workplace: z.string().optional() })
      .optional(),
    api: z
      .strictObject({
        path: z.enum(['applications']),
        columns: z.array(z.string()).min(1),
        header: z
          .strictObject({ key: z.string().min(1), fields: z.record(z.string(), z.string()) })
          .optional(),
      })
      .optional(),
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
    problems.push(...tableRoleProblems(t));
  }
  const sentByMmo = t.header.some((f) => f.type === 'mmo');
  if (t.expected && !sentByMmo) problems.push('expected: форму ждут от каждого ММО, но в шапке нет поля ММО');
  if (t.counted?.unit === 'records' && t.layout !== 'table')
    problems.push('counted: записи считаются только у табличной формы (unit: sheets)');
  if (t.deadline && !sentByMmo) problems.push('deadline: срок сдачи у формы, которую не сдаёт ММО');
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

/** What a table form's roles (plan, repeated people, API) ask of its columns. */
function tableRoleProblems(t: TableTemplate): string[] {
  const problems: string[] = [];
  const column = new Map(t.columns.map((f) => [f.key, f]));
  if (t.plan) {
    if (column.get('period')?.type !== 'period') problems.push('plan: нет столбца сроков «period»');
    if (!column.has('title')) problems.push('plan: нет столбца мероприятия «title»');
    if (t.plan === 'mmo' && !t.header.some((f) => f.type === 'mmo'))
      problems.push('plan «mmo»: план ММО без поля ММО в шапке');
  }
  if (t.repeats) {
    const { person, programme, workplace } = t.repeats;
    for (const key of [person, programme, ...(workplace ? [workplace] : [])])
      if (!column.has(key)) problems.push(`repeats: нет столбца «${key}»`);
    if (column.has(person) && !column.get(person)!.personal)
      problems.push(`repeats.person «${person}»: поле, которое называет человека, должно быть personal`);
  }
  if (t.api) {
    for (const key of t.api.columns) if (!column.has(key)) problems.push(`api: нет столбца «${key}»`);
    for (const key of Object.values(t.api.header?.fields ?? {}))
      if (!t.header.some((f) => f.key === key)) problems.push(`api: нет поля шапки «${key}»`);
  }
  return problems;
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
  const totals = new Map<string, { count: FormCount; id: string }>();
  const roles = new Map<string, string>();
  const role = (t: TemplateDef, i: number, name: string) => {
    const owner = roles.get(name);
    if (owner) say(t, i, `${name} уже объявлен у формы «${owner}»`);
    else roles.set(name, t.id);
  };
  templates.forEach((t, i) => {
    if (t.counted) {
      const first = totals.get(t.counted.key);
      if (!first) totals.set(t.counted.key, { count: t.counted, id: t.id });
      else if (first.count.unit !== t.counted.unit || first.count.label !== t.counted.label)
        say(
          t,
          i,
          `counted «${t.counted.key}»: иначе, чем у формы «${first.id}» (unit и label должны совпадать)`,
        );
    }
    if (t.layout === 'table') {
      if (t.plan) role(t, i, `plan «${t.plan}»`);
      if (t.api) role(t, i, `api «${t.api.path}»`);
    }
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

// ---------------------------------------------------------------------------------------------
// What the service asks of the registry: forms by their declared role, never by their id.

/** Forms every ММО is expected to send, in the registry's order. */
export function expectedForms(templates: readonly TemplateDef[]): TemplateDef[] {
  return templates.filter((t) => t.expected);
}

/** The plan forms, the ММО's own first, then the joint plan with РМЦ; or those of one scope. */
export function planForms(templates: readonly TemplateDef[], scope?: PlanScope): TableTemplate[] {
  const plans = templates.filter((t): t is TableTemplate => t.layout === 'table' && t.plan !== undefined);
  return (['mmo', 'joint'] as const)
    .filter((s) => scope === undefined || s === scope)
    .flatMap((s) => plans.filter((t) => t.plan === s));
}

/** The plan of a scope; throws when the registry has none (the demo region needs both). */
export function planForm(templates: readonly TemplateDef[], scope: PlanScope): TableTemplate {
  const [plan] = planForms(templates, scope);
  if (!plan) throw new Error(`В реестре форм нет плана «${scope}» (plan: '${scope}')`);
  return plan;
}

/** The scope of a form's plan, or null when the form is no plan (or unknown). */
export function planScopeOf(templates: readonly TemplateDef[], templateId: string): PlanScope | null {
  const t = templates.find((x) => x.id === templateId);
  return t?.layout === 'table' ? (t.plan ?? null) : null;
}

/** The report's form totals, in the order their first form comes, each with the forms it adds up. */
export function countedTotals(
  templates: readonly TemplateDef[],
): { readonly count: FormCount; readonly ids: readonly string[] }[] {
  const totals = new Map<string, { count: FormCount; ids: string[] }>();
  for (const t of templates) {
    if (!t.counted) continue;
    const total = totals.get(t.counted.key);
    if (total) total.ids.push(t.id);
    else totals.set(t.counted.key, { count: t.counted, ids: [t.id] });
  }
  return [...totals.values()];
}

/** The form GET /api/<path> serves, if one declares it. */
export function formServedAt(
  templates: readonly TemplateDef[],
  path: NonNullable<TableTemplate['api']>['path'],
): TableTemplate | undefined {
  return templates.find((t): t is TableTemplate => t.layout === 'table' && t.api?.path === path);
}

/** Forms whose rows send people to programmes (the заявка), with the columns that say who and where. */
export function repeatedPeopleForms(
  templates: readonly TemplateDef[],
): (TableTemplate & { readonly repeats: NonNullable<TableTemplate['repeats']> })[] {
  return templates.filter(
    (t): t is TableTemplate & { readonly repeats: NonNullable<TableTemplate['repeats']> } =>
      t.layout === 'table' && t.repeats !== undefined,
  );
}

/** The default deadline «MM-DD» of each form that declares one, by id. */
export function defaultDeadlines(templates: readonly TemplateDef[]): Record<string, string> {
  return Object.fromEntries(templates.flatMap((t) => (t.deadline ? [[t.id, t.deadline]] : [])));
}
