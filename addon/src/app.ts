/**
 * The add-on as functions of an environment: what each trigger and menu item does, whatever runs it
 * (Apps Script through gas/*, tests through the in-memory ports or the fake globals).
 */
import type { TemplateDef } from '@mmo/shared';
import type { AddonEnv, MenuEntry, UiPort } from './ports.js';
import { createFormHandlerName, createHandlerName } from './entry-points.js';
import { createTemplateSheet } from './create/create-sheet.js';
import { createLinkedForm, FORM_TITLE } from './form/create-form.js';
import { isFormTemplate } from './form/form-plan.js';
import { checkActiveSheet } from './check/check-sheet.js';
import { sendToRmc } from './send/send.js';
import { showRmcStatus } from './status/rmc-status.js';
import { saveSettingsFromDialog, showSettings } from './settings/dialog.js';
import type { SettingsForm } from './settings/settings.js';

export function menuEntries(templates: readonly TemplateDef[]): MenuEntry[] {
  return [
    {
      label: 'Создать лист',
      submenu: templates.map((t, i) => ({ label: t.menuLabel, handler: createHandlerName(i) })),
    },
    { label: 'Проверить лист', handler: 'checkSheet' },
    {
      label: FORM_TITLE,
      submenu: templates.flatMap((t, i) =>
        isFormTemplate(t) ? [{ label: t.menuLabel, handler: createFormHandlerName(i) }] : [],
      ),
    },
    'separator',
    { label: 'Отправить в РМЦ', handler: 'sendToRmc' },
    { label: 'Статус в РМЦ', handler: 'showRmcStatus' },
    { label: 'Настройки', handler: 'showSettings' },
  ];
}

export interface Addon {
  onOpen(): void;
  createTemplate(index: number): void;
  createForm(index: number): void;
  checkSheet(): void;
  sendToRmc(): void;
  showRmcStatus(): void;
  showSettings(): void;
  saveSettings(form: SettingsForm): string;
}

/**
 * `ui` is separate from `env`: onOpen may run before authorisation (AuthMode.NONE), when only the
 * menu may be built, so it must not even construct what reads properties or the sheet.
 */
export function createAddon(templates: readonly TemplateDef[], ui: () => UiPort, env: () => AddonEnv): Addon {
  /**
   * An unexpected failure still ends in a Russian sentence rather than Apps Script's English one;
   * the stack goes to the execution log (exceptionLogging STACKDRIVER) for the administrator.
   */
  const guard = (action: string, run: () => void) => () => {
    try {
      run();
    } catch (e) {
      console.error(e);
      ui().alert(
        action,
        `Не удалось выполнить «${action}»: ${e instanceof Error ? e.message : String(e)}\n\nЕсли ошибка повторится, сообщите администратору РМЦ.`,
      );
    }
  };
  return {
    onOpen: () => ui().setMenu(menuEntries(templates)),
    createTemplate: (index) =>
      guard('Создать лист', () => {
        const template = templates[index];
        if (!template) {
          ui().alert(
            'Создать лист',
            'Этой формы больше нет в дополнении: обновите страницу таблицы, чтобы обновилось меню.',
          );
          return;
        }
        createTemplateSheet(env(), template);
      })(),
    createForm: (index) =>
      guard(FORM_TITLE, () => {
        const template = templates[index];
        if (!template || !isFormTemplate(template)) {
          ui().alert(
            FORM_TITLE,
            'Этой анкеты больше нет в дополнении: обновите страницу таблицы, чтобы обновилось меню.',
          );
          return;
        }
        createLinkedForm(env(), template);
      })(),
    checkSheet: guard('Проверить лист', () => checkActiveSheet(env(), templates)),
    sendToRmc: guard('Отправить в РМЦ', () => sendToRmc(env())),
    showRmcStatus: guard('Статус в РМЦ', () => showRmcStatus(env(), templates)),
    showSettings: guard('Настройки', () => showSettings(env())),
    // Not guarded: the dialog shows the thrown message next to the form.
    saveSettings: (form) => saveSettingsFromDialog(env(), form),
  };
}
