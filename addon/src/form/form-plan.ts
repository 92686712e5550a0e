/**
 * A Google Form from a questionnaire definition, as plain data: the header fields as questions
 * (a dropdown where the sheet has one, else a short answer), one grid question per block with the
 * block's rows and the answer scale as columns, and «Выводы:» as a paragraph. Every text is the
 * definition's own, verbatim, so the form-answers tab carries the same words the reader matches.
 */
import { dropdownFor, type FieldDef, type ItemsTemplate, type TemplateDef } from '@mmo/shared';

export type FormQuestion =
  | { readonly kind: 'text'; readonly title: string; readonly help: string; readonly required: boolean }
  | {
      readonly kind: 'list';
      readonly title: string;
      readonly help: string;
      readonly required: boolean;
      readonly choices: readonly string[];
    }
  | {
      readonly kind: 'grid';
      readonly title: string;
      readonly rows: readonly string[];
      readonly columns: readonly string[];
    }
  | { readonly kind: 'paragraph'; readonly title: string; readonly help: string };

export interface FormPlan {
  readonly title: string;
  readonly description: string;
  readonly questions: readonly FormQuestion[];
}

/** The answer scale of a template that can become a form: its first answer column is a choice. */
function scaleOf(template: TemplateDef): FieldDef | null {
  if (template.layout !== 'items') return null;
  const first = template.answers[0];
  return first?.type === 'choice' && (first.choices?.length ?? 0) > 0 && template.items.some((i) => i.isGroup)
    ? first
    : null;
}

/** The forms the add-on offers to build: questionnaires with blocks and a choice scale. */
export function isFormTemplate(template: TemplateDef): template is ItemsTemplate {
  return scaleOf(template) !== null;
}

function headerQuestion(field: FieldDef, districtNo: number | null): FormQuestion {
  const list = dropdownFor(field, { academicYear: null, districtNo });
  const base = { title: field.label, help: field.help ?? '', required: !!field.required };
  return list && list.values.length > 0
    ? { kind: 'list', ...base, choices: list.values }
    : { kind: 'text', ...base };
}

export function formPlan(template: ItemsTemplate, districtNo: number | null): FormPlan {
  const scale = scaleOf(template);
  if (!scale) throw new Error(`«${template.menuLabel}» нельзя превратить в форму: у неё нет шкалы ответов`);
  const questions: FormQuestion[] = template.header.map((f) => headerQuestion(f, districtNo));
  let block: { title: string; rows: string[] } | null = null;
  const close = () => {
    if (block && block.rows.length > 0)
      questions.push({ kind: 'grid', title: block.title, rows: block.rows, columns: scale.choices ?? [] });
    block = null;
  };
  const free: FormQuestion[] = [];
  for (const item of template.items) {
    if (item.isGroup) {
      close();
      block = { title: item.text, rows: [] };
    } else if (item.answers && !item.answers.some((a) => a.key === scale.key)) {
      // Rows without the scale («Выводы:») are free text after the grids.
      free.push({
        kind: 'paragraph',
        title: item.text,
        help: item.answers
          .map((a) => a.help ?? '')
          .join(' ')
          .trim(),
      });
    } else if (block) {
      (block as { rows: string[] }).rows.push(item.text);
    }
  }
  close();
  questions.push(...free);
  return { title: template.title, description: template.instructions?.[0] ?? '', questions };
}
