/// <reference types="google-apps-script" />
/**
 * FormsPort over FormApp. A grid's rows and columns go in one setRows / setColumns call each, so a
 * questionnaire of 40 rows costs what one of 4 costs: a few calls per question, not per row.
 *
 * Scope: FormApp.create needs https://www.googleapis.com/auth/forms. forms.currentonly covers only
 * the form an add-on runs inside (a Forms add-on); this is a Sheets add-on creating a new form.
 * setDestination names the active spreadsheet by its id; the reference lists auth/forms for Form
 * methods. (Not tried against live Google here: the first run's consent screen is the final word.)
 */
import type { FormQuestion } from '../form/form-plan.js';
import type { FormsPort } from '../ports.js';

function addQuestion(form: GoogleAppsScript.Forms.Form, q: FormQuestion): void {
  switch (q.kind) {
    case 'text':
      form.addTextItem().setTitle(q.title).setHelpText(q.help).setRequired(q.required);
      return;
    case 'list':
      form
        .addListItem()
        .setTitle(q.title)
        .setHelpText(q.help)
        .setChoiceValues([...q.choices])
        .setRequired(q.required);
      return;
    case 'grid':
      form
        .addGridItem()
        .setTitle(q.title)
        .setRows([...q.rows])
        .setColumns([...q.columns]);
      return;
    case 'paragraph':
      form.addParagraphTextItem().setTitle(q.title).setHelpText(q.help);
      return;
  }
}

export function gasForms(): FormsPort {
  return {
    createLinkedForm(plan) {
      const form = FormApp.create(plan.title);
      form.setDescription(plan.description);
      for (const q of plan.questions) addQuestion(form, q);
      form.setDestination(FormApp.DestinationType.SPREADSHEET, SpreadsheetApp.getActiveSpreadsheet().getId());
      return { id: form.getId(), editUrl: form.getEditUrl(), publishedUrl: form.getPublishedUrl() };
    },
  };
}
